using System.Text.Json.Nodes;
using static Portal.Engine.Compose.Model.ComposeValues;

namespace Portal.Engine.Compose.Model;

/// <summary>
/// What Portal does with every key of a compose service (the compose-spec service schema): each key is honoured
/// on the engine, refused at load with the key's path and the reason, or — only where compose v2's own <c>up</c>
/// ignores it too (Swarm-only <c>deploy</c> keys, <c>develop</c>) — accepted and ignored. This is the one list;
/// README's compose section prints the same table. Extension keys (<c>x-*</c>) are always allowed.
/// </summary>
public static partial class ComposeKeySupport
{
    /// <summary>Service keys Portal honours on the engine (or, for <c>extends</c>, <c>env_file</c> and <c>profiles</c>, in the loader).</summary>
    public static IReadOnlyList<string> HonouredServiceKeys { get; } =
    [
        "build", "cap_add", "cap_drop", "cgroup", "command", "configs", "container_name", "cpu_shares", "cpus", "cpuset",
        "depends_on", "deploy", "devices", "dns", "dns_opt", "dns_search", "domainname", "entrypoint", "env_file", "environment",
        "expose", "extends", "extra_hosts", "group_add", "healthcheck", "hostname", "image", "init", "ipc", "labels", "logging",
        "mem_limit", "mem_reservation", "network_mode", "networks", "pid", "pids_limit", "ports", "privileged", "profiles",
        "pull_policy", "read_only", "restart", "scale", "secrets", "security_opt", "shm_size", "stdin_open", "stop_grace_period",
        "stop_signal", "sysctls", "tmpfs", "tty", "ulimits", "user", "userns_mode", "uts", "volumes", "volumes_from", "working_dir",
    ];

    /// <summary><c>build</c> keys Portal passes to the engine's classic <c>/build</c> API.</summary>
    public static IReadOnlyList<string> HonouredBuildKeys { get; } =
        ["args", "cache_from", "context", "dockerfile", "dockerfile_inline", "extra_hosts", "labels", "network", "no_cache", "pull", "shm_size", "tags", "target"];

    /// <summary><c>deploy</c> keys Portal honours: replicas, resource limits (cpus, memory, pids), memory reservation, and <c>restart_policy</c> when <c>restart</c> is unset.</summary>
    public static IReadOnlyList<string> HonouredDeployKeys { get; } = ["replicas", "resources", "restart_policy"];

    /// <summary>Service keys Portal refuses, with the reason shown after the path.</summary>
    public static IReadOnlyDictionary<string, string> RefusedServiceKeys { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["annotations"] = "container annotations need engine API 1.43; this engine speaks 1.41",
        ["blkio_config"] = "block-IO weights and throttles are not supported by Portal",
        ["cgroup_parent"] = "placing containers in another cgroup is not supported by Portal (it would escape the team's limits)",
        ["cpu_count"] = "a Windows-only key",
        ["cpu_percent"] = "a Windows-only key",
        ["cpu_period"] = "CFS period tuning is not supported by Portal; use deploy.resources.limits.cpus",
        ["cpu_quota"] = "CFS quota tuning is not supported by Portal; use deploy.resources.limits.cpus",
        ["cpu_rt_period"] = "real-time scheduling is not supported by Portal",
        ["cpu_rt_runtime"] = "real-time scheduling is not supported by Portal",
        ["credential_spec"] = "a Windows-only key",
        ["device_cgroup_rules"] = "device cgroup rules grant host devices and are not supported by Portal",
        ["external_links"] = "legacy links are not supported by Portal; put the services on a shared network",
        ["gpus"] = "GPU device requests are not supported by Portal",
        ["isolation"] = "a Windows-only key",
        ["label_file"] = "label files are not supported by Portal; write the labels in the file",
        ["links"] = "legacy links are not supported by Portal; services on one network reach each other by name",
        ["mac_address"] = "fixed MAC addresses are not supported by Portal",
        ["mem_swappiness"] = "swap tuning is not supported by Portal",
        ["memswap_limit"] = "swap limits are not supported by Portal",
        ["models"] = "AI model bindings need Docker Model Runner, which this engine does not have",
        ["oom_kill_disable"] = "disabling the OOM killer is not supported by Portal",
        ["oom_score_adj"] = "OOM score tuning is not supported by Portal",
        ["platform"] = "choosing an image platform is not supported by Portal (the engine's own platform is used)",
        ["post_start"] = "lifecycle hooks need engine API 1.44 and compose v2.30; not supported by Portal",
        ["pre_stop"] = "lifecycle hooks need engine API 1.44 and compose v2.30; not supported by Portal",
        ["provider"] = "provider services run compose plugins, which Portal does not have",
        ["pull_refresh_after"] = "timed re-pulls are not supported by Portal; use pull_policy always or the stack's pull action",
        ["runtime"] = "choosing an OCI runtime is not supported by Portal",
        ["storage_opt"] = "storage driver options are not supported by Portal",
        ["use_api_socket"] = "it gives the container the Docker API socket, which Portal never mounts for a stack",
    };

    /// <summary><c>build</c> keys the engine's classic <c>/build</c> API cannot do (BuildKit-only), with the reason.</summary>
    public static IReadOnlyDictionary<string, string> RefusedBuildKeys { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["additional_contexts"] = "named build contexts need BuildKit; Portal builds with the engine's classic builder",
        ["cache_to"] = "cache export needs BuildKit; Portal builds with the engine's classic builder",
        ["entitlements"] = "build entitlements need BuildKit; Portal builds with the engine's classic builder",
        ["isolation"] = "a Windows-only key",
        ["platforms"] = "multi-platform builds need BuildKit; Portal builds with the engine's classic builder",
        ["privileged"] = "privileged builds need BuildKit; Portal builds with the engine's classic builder",
        ["provenance"] = "provenance attestations need BuildKit; Portal builds with the engine's classic builder",
        ["sbom"] = "SBOM attestations need BuildKit; Portal builds with the engine's classic builder",
        ["secrets"] = "build secrets need BuildKit; Portal builds with the engine's classic builder",
        ["ssh"] = "SSH forwarding needs BuildKit; Portal builds with the engine's classic builder",
        ["ulimits"] = "build ulimits are not supported by Portal",
    };

    /// <summary>Keys of a service's entry under <c>networks</c> that Portal refuses (it honours aliases, ipv4_address, priority).</summary>
    public static IReadOnlyDictionary<string, string> RefusedServiceNetworkKeys { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["driver_opts"] = "per-endpoint driver options are not supported by Portal",
        ["gw_priority"] = "gateway priority needs engine API 1.48; this engine speaks 1.41",
        ["interface_name"] = "interface names need engine API 1.49; this engine speaks 1.41",
        ["ipv6_address"] = "static IPv6 addresses are not supported by Portal",
        ["link_local_ips"] = "link-local addresses are not supported by Portal",
        ["mac_address"] = "fixed MAC addresses are not supported by Portal",
    };

    /// <summary><c>deploy</c> keys that only mean something to Swarm: compose v2's <c>up</c> ignores them, and so does Portal.</summary>
    public static IReadOnlyList<string> IgnoredDeployKeys { get; } =
        ["endpoint_mode", "labels", "mode", "placement", "rollback_config", "update_config", "resources.reservations.cpus", "resources.reservations.generic_resources"];

    /// <summary>Service keys compose v2's <c>up</c> ignores (they serve other commands), and so does Portal.</summary>
    public static IReadOnlyList<string> IgnoredServiceKeys { get; } = ["attach", "develop"];

    /// <summary>Throws an invalid-input failure naming the first refused key of <paramref name="service"/> and why.</summary>
    public static void Check(string name, JsonObject service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var path = $"services.{name}";
        foreach (var (key, _) in service)
        {
            if (RefusedServiceKeys.TryGetValue(key, out var reason))
            {
                throw Refused($"{path}.{key}", reason);
            }
        }

        if (service["build"] is JsonObject build)
        {
            foreach (var (key, _) in build)
            {
                if (RefusedBuildKeys.TryGetValue(key, out var reason))
                {
                    throw Refused($"{path}.build.{key}", reason);
                }
            }
        }

        if ((service["healthcheck"] as JsonObject)?["start_interval"] is not null)
        {
            throw Refused($"{path}.healthcheck.start_interval", "it needs engine API 1.44; this engine speaks 1.41");
        }

        foreach (var (network, settings) in service["networks"] as JsonObject ?? [])
        {
            foreach (var (key, _) in settings as JsonObject ?? [])
            {
                if (RefusedServiceNetworkKeys.TryGetValue(key, out var reason))
                {
                    throw Refused($"{path}.networks.{network}.{key}", reason);
                }
            }
        }

        if ((service["deploy"] as JsonObject)?["resources"]?["reservations"]?["devices"] is not null)
        {
            throw Refused($"{path}.deploy.resources.reservations.devices", "device reservations (GPUs) are not supported by Portal");
        }
    }

    private static Portal.Engine.Pipeline.OperationFailedException Refused(string path, string reason) => Bad(path, $"not supported by Portal: {reason}");
}
