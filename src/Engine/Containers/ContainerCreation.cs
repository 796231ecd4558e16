// Docker.DotNet declares these model strings non-nullable, yet null is how the API says "engine default".
#pragma warning disable CS8601
using System.Globalization;
using Docker.DotNet.Models;
using Portal.Engine.Labels;
using ContainerSpec = Portal.Engine.Admission.ContainerSpec;

namespace Portal.Engine.Containers;

/// <summary>Turns an admitted <see cref="ContainerSpec"/> into the engine's create parameters.</summary>
internal static class ContainerCreation
{
    /// <param name="spec">The admitted spec.</param>
    /// <param name="owner">User name stamped as the owner.</param>
    /// <param name="networkIds">Engine ids of the networks the spec names, as access resolved them; a name without an id is passed on as it is.</param>
    public static CreateContainerParameters ToParameters(ContainerSpec spec, string owner, IReadOnlyDictionary<string, string>? networkIds = null)
    {
        var labels = new Dictionary<string, string>(spec.Labels) { [PortalLabels.Owner] = owner };
        if (spec.Team is not null)
        {
            labels[PortalLabels.Team] = spec.Team;
        }

        var exposed = new Dictionary<string, EmptyStruct>();
        var bindings = new Dictionary<string, IList<PortBinding>>();
        foreach (var port in spec.Ports)
        {
            var key = $"{port.ContainerPort.ToString(CultureInfo.InvariantCulture)}/{port.Protocol}";
            exposed[key] = default;
            if (!bindings.TryGetValue(key, out var list))
            {
                bindings[key] = list = [];
            }

            list.Add(new PortBinding { HostIP = port.HostIp, HostPort = port.HostPort?.ToString(CultureInfo.InvariantCulture) ?? "" });
        }

        return new CreateContainerParameters
        {
            Name = spec.Name,
            Image = spec.Image,
            Cmd = spec.Command.Count > 0 ? [.. spec.Command] : null,
            Env = [.. spec.Env],
            Labels = labels,
            ExposedPorts = exposed,
            // A user network given as the network mode needs its endpoint (with the id) as much as the first named network.
            NetworkingConfig = PrimaryNetwork(spec) is { } first && (spec.NetworkMode is null || networkIds?.ContainsKey(first) == true)
                ? new NetworkingConfig { EndpointsConfig = new Dictionary<string, EndpointSettings> { [NetworkRef(first, networkIds)] = Endpoint(first, networkIds) } }
                : null,
            HostConfig = new HostConfig
            {
                PortBindings = bindings,
                Binds = [.. spec.Volumes, .. spec.Binds],
                RestartPolicy = ToRestartPolicy(spec.Restart),
                Memory = spec.MemoryBytes,
                NanoCPUs = spec.NanoCpus,
                Privileged = spec.Privileged,
                CapAdd = spec.CapAdd.Count > 0 ? [.. spec.CapAdd] : null,
                NetworkMode = PrimaryNetwork(spec) is { } primary ? NetworkRef(primary, networkIds) : null,
                PidMode = spec.PidMode,
                IpcMode = spec.IpcMode,
                UTSMode = spec.UtsMode,
                UsernsMode = spec.UsernsMode,
                CgroupnsMode = spec.CgroupnsMode,
                VolumesFrom = spec.VolumesFrom.Count > 0 ? [.. spec.VolumesFrom] : null,
                Sysctls = spec.Sysctls.Count > 0 ? new Dictionary<string, string>(spec.Sysctls) : null,
                SecurityOpt = spec.SecurityOpt.Count > 0 ? [.. spec.SecurityOpt] : null,
                Devices = spec.Devices.Count > 0 ? spec.Devices.Select(ToDevice).ToList() : null,
            },
        };
    }

    /// <summary>The network given at create: the explicit mode, else the first named network, else the engine default.</summary>
    public static string? PrimaryNetwork(ContainerSpec spec) => spec.NetworkMode ?? spec.Networks.FirstOrDefault();

    /// <summary>Networks to connect after create and before start (API 1.41 takes one network at create).</summary>
    public static IReadOnlyList<string> ExtraNetworks(ContainerSpec spec) =>
        spec.Networks.Where(n => n != PrimaryNetwork(spec)).ToList();

    /// <summary>How the engine is told which network: by its resolved id when there is one.</summary>
    /// <remarks>
    /// The engine may hold several networks of one name (API 1.41 allows it); a name is then
    /// "ambiguous" to it, while the id access resolved is the one network the actor meant.
    /// </remarks>
    public static string NetworkRef(string name, IReadOnlyDictionary<string, string>? networkIds) =>
        networkIds is not null && networkIds.TryGetValue(name, out var id) ? id : name;

    /// <summary>
    /// The endpoint for network <paramref name="name"/>, carrying the resolved id: the engine keeps the
    /// attachment under the network's name and, without the id, looks the name up again when the
    /// container starts — and fails when another network has the same name.
    /// </summary>
    public static EndpointSettings Endpoint(string name, IReadOnlyDictionary<string, string>? networkIds, EndpointSettings? settings = null)
    {
        settings ??= new EndpointSettings();
        if (networkIds is not null && networkIds.TryGetValue(name, out var id))
        {
            settings.NetworkID = id;
        }

        return settings;
    }

    private static RestartPolicy ToRestartPolicy(string restart)
    {
        var parts = restart.Split(':');
        return parts[0] switch
        {
            "always" => new RestartPolicy { Name = RestartPolicyKind.Always },
            "unless-stopped" => new RestartPolicy { Name = RestartPolicyKind.UnlessStopped },
            "on-failure" => new RestartPolicy
            {
                Name = RestartPolicyKind.OnFailure,
                MaximumRetryCount = parts.Length > 1 ? long.Parse(parts[1], CultureInfo.InvariantCulture) : 0,
            },
            _ => new RestartPolicy { Name = RestartPolicyKind.No },
        };
    }

    private static DeviceMapping ToDevice(string device)
    {
        var parts = device.Split(':');
        return new DeviceMapping
        {
            PathOnHost = parts[0],
            PathInContainer = parts.Length > 1 ? parts[1] : parts[0],
            CgroupPermissions = parts.Length > 2 ? parts[2] : "rwm",
        };
    }
}
