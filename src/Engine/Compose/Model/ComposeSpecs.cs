using System.Globalization;
using Portal.Engine.Admission;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Compose.Model;

/// <summary>
/// Expresses one replica of a service as the <see cref="ContainerSpec"/> the admission rules judge,
/// so a compose service is held to exactly the rules of <c>docker run</c>.
/// </summary>
public static class ComposeSpecs
{
    /// <summary>Where published ports bind when the file names no address: Portal's loopback default, as for run.</summary>
    public const string DefaultHostIp = "127.0.0.1";

    /// <summary>Compose's container name for replica <paramref name="number"/>.</summary>
    public static string ContainerName(string project, ComposeService service, int number) =>
        service.ContainerName ?? $"{project}-{service.Name}-{number.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The image a service runs: its <c>image</c>, else the name compose gives a built image.</summary>
    public static string ImageOf(string project, ComposeService service) => service.Image ?? $"{project}-{service.Name}";

    /// <summary>The spec of replica <paramref name="number"/>; <paramref name="labels"/> are the compose labels to stamp.</summary>
    public static ContainerSpec ToSpec(ComposeProject project, ComposeService service, int number, string? team, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(service);
        var userLabels = ObjectLabels.Validate(service.Labels);
        var allLabels = new Dictionary<string, string>(userLabels, StringComparer.Ordinal);
        foreach (var (key, value) in labels)
        {
            allLabels[key] = value;
        }

        return new ContainerSpec
        {
            Image = ImageOf(project.Name, service),
            Name = ContainerName(project.Name, service, number),
            Command = service.Command ?? [],
            Env = [.. service.Environment.Select(e => e.Value is null ? e.Key : $"{e.Key}={e.Value}")],
            Ports = [.. service.Ports.Select(p => new PortMapping(string.IsNullOrEmpty(p.HostIp) ? DefaultHostIp : p.HostIp, Published(p.Published), p.Target, p.Protocol))],
            Volumes = [.. service.Volumes.Where(m => m.Type == "volume" && m.Source is not null)
                .Select(m => $"{project.Volumes[m.Source!].Name}:{m.Target}{BindMode(m)}")],
            Binds = [.. service.Volumes.Where(m => m.Type == "bind").Select(m => $"{m.Source}:{m.Target}{BindMode(m)}")],
            Networks = [.. service.Networks.OrderByDescending(n => n.Value.Priority).ThenBy(n => n.Key, StringComparer.Ordinal)
                .Select(n => project.Networks[n.Key].Name)],
            Restart = Restart(service),
            MemoryBytes = service.Limits.MemoryBytes,
            NanoCpus = (long)(service.Limits.Cpus * 1e9),
            Labels = allLabels,
            Team = team,
            Privileged = service.Privileged,
            CapAdd = service.CapAdd,
            NetworkMode = service.NetworkMode,
            PidMode = service.Pid,
            IpcMode = service.Ipc,
            UtsMode = service.Uts,
            UsernsMode = service.UsernsMode,
            Devices = service.Devices,
            SecurityOpt = service.SecurityOpt,
            Sysctls = service.Sysctls,
            CgroupnsMode = service.Cgroup,
            // A container outside the project is judged by admission (same team, sharing allowed); a service of the
            // project is the same team's by construction, and is resolved to its container when it is created.
            VolumesFrom = [.. service.VolumesFrom.Where(v => !v.IsService).Select(v => v.ToEngine(v.Name))],
        };
    }

    /// <summary>
    /// Replica <paramref name="number"/> of an admitted service spec: the admitted spec itself (so what admission
    /// added, such as the default memory limit, is what gets created), renamed and with the compose labels stamped.
    /// </summary>
    public static ContainerSpec ForReplica(ContainerSpec admitted, ComposeProject project, ComposeService service, int number, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(admitted);
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(labels);
        var allLabels = new Dictionary<string, string>(admitted.Labels, StringComparer.Ordinal);
        foreach (var (key, value) in labels)
        {
            allLabels[key] = value;
        }

        return admitted with { Name = ContainerName(project.Name, service, number), Labels = allLabels };
    }

    /// <summary>The compose key a refusing admission rule is about, for the message that names it.</summary>
    public static string KeyForRule(string? rule, ComposeService service) => rule switch
    {
        "no-privileged" => "privileged",
        "no-host-binds" or "no-docker-socket" => "volumes",
        "no-added-capabilities" => "cap_add",
        "no-devices" => "devices",
        "no-sysctls" => "sysctls",
        "no-unconfined-security" => "security_opt",
        "allowed-images" => "image",
        "memory-limit-required" => "deploy.resources.limits.memory",
        "no-host-namespaces" => service.NetworkMode is "host" || service.NetworkMode?.StartsWith("container:", StringComparison.Ordinal) == true ? "network_mode"
            : service.Pid is not null ? "pid" : service.Ipc is not null ? "ipc" : service.Uts is not null ? "uts"
            : service.UsernsMode is not null ? "userns_mode" : service.Cgroup is "host" ? "cgroup" : "volumes_from",
        _ => "service",
    };

    // The engine's bind syntax takes ro, nocopy, z/Z and a propagation after the second colon, comma-separated.
    private static string BindMode(ComposeMount m)
    {
        var options = string.Join(',', new[] { m.ReadOnly ? "ro" : null, m.Options.Length > 0 ? m.Options : null }.OfType<string>());
        return options.Length > 0 ? ":" + options : "";
    }

    private static int? Published(string? published)
    {
        if (string.IsNullOrEmpty(published))
        {
            return null;
        }

        var first = published.Split('-')[0];
        return int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port
            : throw OperationFailedException.Invalid($"'{published}' is not a published port.");
    }

    private static string Restart(ComposeService service) => service.Restart switch
    {
        null or "" or "no" => "no",
        "always" or "unless-stopped" => service.Restart,
        var r when r.StartsWith("on-failure", StringComparison.Ordinal) => r,
        var r => throw OperationFailedException.Invalid($"services.{service.Name}.restart: '{r}' is not no, always, unless-stopped or on-failure[:N]."),
    };
}
