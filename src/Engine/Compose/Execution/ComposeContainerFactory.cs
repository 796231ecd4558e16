// Docker.DotNet declares these model strings non-nullable, yet null is how the API says "engine default".
#pragma warning disable CS8601
using System.Globalization;
using Docker.DotNet.Models;
using Portal.Engine.Compose.Model;
using Portal.Engine.Containers;
using ContainerSpec = Portal.Engine.Admission.ContainerSpec;

namespace Portal.Engine.Compose.Execution;

/// <summary>
/// Engine create parameters for one replica: the admitted <see cref="ContainerSpec"/> through the same
/// conversion <c>run</c> uses, plus the service keys a run form does not have.
/// </summary>
internal static class ComposeContainerFactory
{
    /// <param name="project">The project.</param>
    /// <param name="service">The service.</param>
    /// <param name="spec">The admitted spec of this replica.</param>
    /// <param name="owner">User name stamped as the owner.</param>
    /// <param name="namespaceContainer">Id of the container whose network namespace <c>network_mode: service:x</c> joins.</param>
    /// <param name="networkIds">Engine ids of the project's networks by name; the container is attached by id.</param>
    public static CreateContainerParameters ToParameters(ComposeProject project, ComposeService service, Portal.Engine.Admission.ContainerSpec spec, string owner,
        string? namespaceContainer, IReadOnlyDictionary<string, string> networkIds)
    {
        var parameters = ContainerCreation.ToParameters(spec, owner, networkIds);
        var host = parameters.HostConfig ??= new HostConfig();
        parameters.ExposedPorts ??= new Dictionary<string, EmptyStruct>();
        parameters.Entrypoint = service.Entrypoint is { } entrypoint ? [.. entrypoint] : null;
        parameters.Cmd = service.Command is { } command ? [.. command] : null;
        parameters.Hostname = service.Hostname;
        parameters.Domainname = service.DomainName;
        parameters.User = service.User;
        parameters.WorkingDir = service.WorkingDir;
        parameters.StopSignal = service.StopSignal;
        parameters.StopTimeout = service.StopGracePeriod;
        parameters.Healthcheck = Healthcheck(service.Healthcheck);
        foreach (var port in service.Expose)
        {
            parameters.ExposedPorts[port.Contains('/', StringComparison.Ordinal) ? port : port + "/tcp"] = default;
        }

        var anonymous = service.Volumes.Where(m => m.Type == "volume" && m.Source is null).ToList();
        parameters.Volumes = anonymous.Count > 0 ? anonymous.ToDictionary(m => m.Target, _ => default(EmptyStruct)) : null;
        var tmpfs = service.Tmpfs.ToDictionary(t => t.Split(':')[0], t => t.Contains(':', StringComparison.Ordinal) ? t[(t.IndexOf(':', StringComparison.Ordinal) + 1)..] : "");
        foreach (var mount in service.Volumes.Where(m => m.Type == "tmpfs"))
        {
            tmpfs[mount.Target] = string.Join(',', new[]
            {
                mount.TmpfsSize is { } size ? $"size={size.ToString(CultureInfo.InvariantCulture)}" : null,
                mount.TmpfsMode is { } mode ? $"mode={mode}" : null,
            }.OfType<string>());
        }

        host.Tmpfs = tmpfs.Count > 0 ? tmpfs : null;
        host.Init = service.Init;
        host.Ulimits = service.Ulimits.Count > 0 ? [.. service.Ulimits.Select(u => new Ulimit { Name = u.Key, Soft = u.Value.Soft, Hard = u.Value.Hard })] : null;
        host.CapDrop = service.CapDrop.Count > 0 ? [.. service.CapDrop] : null;
        host.Sysctls = service.Sysctls.Count > 0 ? service.Sysctls.ToDictionary() : null;
        host.ExtraHosts = service.ExtraHosts.Count > 0 ? [.. service.ExtraHosts] : null;
        host.DNS = service.Dns.Count > 0 ? [.. service.Dns] : null;
        host.DNSSearch = service.DnsSearch.Count > 0 ? [.. service.DnsSearch] : null;
        host.DNSOptions = service.DnsOpt.Count > 0 ? [.. service.DnsOpt] : null;
        host.GroupAdd = service.GroupAdd.Count > 0 ? [.. service.GroupAdd] : null;
        host.CPUShares = service.CpuShares;
        host.CpusetCpus = service.Cpuset;
        parameters.Tty = service.Tty;
        parameters.OpenStdin = service.StdinOpen;
        host.ShmSize = service.ShmSize;
        host.ReadonlyRootfs = service.ReadOnly;
        host.MemoryReservation = service.Reservations.MemoryBytes > 0 ? service.Reservations.MemoryBytes : service.MemoryReservation;
        host.PidsLimit = service.Limits.Pids > 0 ? service.Limits.Pids : null;
        host.LogConfig = service.Logging is { } logging
            ? new LogConfig { Type = logging.Driver ?? "", Config = logging.Options.ToDictionary() }
            : null;
        if (namespaceContainer is not null)
        {
            host.NetworkMode = $"container:{namespaceContainer}";
        }

        if (service.NetworkMode is null && spec.Networks.Count > 0)
        {
            parameters.NetworkingConfig = new NetworkingConfig
            {
                EndpointsConfig = new Dictionary<string, EndpointSettings>
                {
                    [ContainerCreation.NetworkRef(spec.Networks[0], networkIds)] = Endpoint(project, service, spec.Networks[0], networkIds),
                },
            };
        }

        return parameters;
    }

    /// <summary>The endpoint on network <paramref name="networkName"/>: the service name and its aliases resolve to the container.</summary>
    public static EndpointSettings Endpoint(ComposeProject project, ComposeService service, string networkName, IReadOnlyDictionary<string, string> networkIds)
    {
        var key = project.Networks.Values.First(n => n.Name == networkName).Key;
        var settings = service.Networks[key];
        return ContainerCreation.Endpoint(networkName, networkIds, new EndpointSettings
        {
            Aliases = [service.Name, .. settings.Aliases.Where(a => a != service.Name)],
            IPAMConfig = settings.Ipv4Address is { } ip ? new EndpointIPAMConfig { IPv4Address = ip } : null,
        });
    }

    private static HealthcheckConfig? Healthcheck(ComposeHealthcheck? health)
    {
        if (health is null)
        {
            return null;
        }

        if (health.Disable)
        {
            return new HealthcheckConfig { Test = ["NONE"] };
        }

        return new HealthcheckConfig
        {
            Test = health.Test.Count > 0 ? [.. health.Test] : null,
            Interval = health.Interval ?? TimeSpan.Zero,
            Timeout = health.Timeout ?? TimeSpan.Zero,
            StartPeriod = health.StartPeriod ?? TimeSpan.Zero,
            Retries = health.Retries ?? 0,
        };
    }
}
