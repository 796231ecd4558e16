using System.Text.Json.Nodes;
using static Portal.Engine.Compose.Model.ComposeValues;

namespace Portal.Engine.Compose.Model;

/// <summary>Binds one service of the canonical document.</summary>
internal static partial class ComposeServiceBinder
{
    public static ComposeService Bind(string name, JsonObject s)
    {
        ComposeKeySupport.Check(name, s);
        var p = $"services.{name}";
        var deploy = s["deploy"] as JsonObject;
        var resources = deploy?["resources"] as JsonObject;
        var limits = Resources(resources?["limits"], p + ".deploy.resources.limits");
        if (s["mem_limit"] is not null || s["cpus"] is not null)
        {
            limits = limits with
            {
                MemoryBytes = limits.MemoryBytes > 0 ? limits.MemoryBytes : Bytes(s["mem_limit"], p + ".mem_limit"),
                Cpus = limits.Cpus > 0 ? limits.Cpus : Double(s["cpus"], p + ".cpus"),
            };
        }

        var networkMode = String(s["network_mode"], p + ".network_mode");
        var networks = Networks(s["networks"], p + ".networks");
        if (networks.Count == 0 && networkMode is null)
        {
            networks[ComposeModelBinder.DefaultNetwork] = new ComposeServiceNetwork([], null, 0);
        }

        if (s["pids_limit"] is not null && limits.Pids <= 0)
        {
            limits = limits with { Pids = Long(s["pids_limit"], p + ".pids_limit") ?? 0 };
        }

        var replicas = Long(deploy?["replicas"], p + ".deploy.replicas") ?? Long(s["scale"], p + ".scale") ?? 1;
        if (replicas < 0 || replicas > 100)
        {
            throw Bad(p + ".deploy.replicas", "replicas must be between 0 and 100");
        }

        return new ComposeService
        {
            Name = name,
            Json = s,
            Image = String(s["image"], p + ".image"),
            Build = Build(s["build"], p + ".build"),
            Command = Command(s["command"], p + ".command"),
            Entrypoint = Command(s["entrypoint"], p + ".entrypoint"),
            Environment = Map(s["environment"], p + ".environment"),
            EnvFiles = (s["env_file"] as JsonArray)?.Select(e => e is JsonObject o ? String(o["path"], p + ".env_file") ?? "" : String(e, p + ".env_file") ?? "").ToList()
                ?? List(s["env_file"], p + ".env_file") ?? [],
            Ports = Ports(s["ports"], p + ".ports"),
            Expose = List(s["expose"], p + ".expose") ?? [],
            Volumes = Mounts(s["volumes"], p + ".volumes"),
            Networks = networks,
            NetworkMode = networkMode,
            DependsOn = DependsOn(s["depends_on"], p + ".depends_on"),
            Healthcheck = Healthcheck(s["healthcheck"], p + ".healthcheck"),
            Restart = String(s["restart"], p + ".restart") ?? RestartPolicy(deploy?["restart_policy"] as JsonObject, p + ".deploy.restart_policy"),
            Labels = StringMap(s["labels"], p + ".labels"),
            ContainerName = String(s["container_name"], p + ".container_name"),
            Hostname = String(s["hostname"], p + ".hostname"),
            DomainName = String(s["domainname"], p + ".domainname"),
            User = String(s["user"], p + ".user"),
            WorkingDir = String(s["working_dir"], p + ".working_dir"),
            Init = s["init"] is null ? null : Bool(s["init"], p + ".init"),
            StopSignal = String(s["stop_signal"], p + ".stop_signal"),
            StopGracePeriod = Duration(s["stop_grace_period"], p + ".stop_grace_period"),
            Tmpfs = List(s["tmpfs"], p + ".tmpfs") ?? [],
            Ulimits = Ulimits(s["ulimits"], p + ".ulimits"),
            CapAdd = List(s["cap_add"], p + ".cap_add") ?? [],
            CapDrop = List(s["cap_drop"], p + ".cap_drop") ?? [],
            Sysctls = StringMap(s["sysctls"], p + ".sysctls"),
            ExtraHosts = ExtraHosts(s["extra_hosts"], p + ".extra_hosts"),
            Dns = List(s["dns"], p + ".dns") ?? [],
            ShmSize = Bytes(s["shm_size"], p + ".shm_size"),
            MemoryReservation = Bytes(s["mem_reservation"], p + ".mem_reservation"),
            ReadOnly = Bool(s["read_only"], p + ".read_only"),
            Logging = s["logging"] is JsonObject l ? new ComposeLogging(String(l["driver"], p + ".logging.driver"), StringMap(l["options"], p + ".logging.options")) : null,
            PullPolicy = String(s["pull_policy"], p + ".pull_policy"),
            Replicas = (int)replicas,
            Limits = limits,
            Reservations = Resources(resources?["reservations"], p + ".deploy.resources.reservations"),
            Secrets = FileReferences(s["secrets"], p + ".secrets", "/run/secrets/"),
            Configs = FileReferences(s["configs"], p + ".configs", "/"),
            Privileged = Bool(s["privileged"], p + ".privileged"),
            Devices = (s["devices"] as JsonArray)?.Select((d, i) => d is JsonObject o
                ? $"{String(o["source"], $"{p}.devices[{i}]")}:{String(o["target"], $"{p}.devices[{i}]")}:{String(o["permissions"], $"{p}.devices[{i}]") ?? "rwm"}"
                : String(d, $"{p}.devices[{i}]") ?? "").ToList() ?? [],
            SecurityOpt = List(s["security_opt"], p + ".security_opt") ?? [],
            Pid = String(s["pid"], p + ".pid"),
            Ipc = String(s["ipc"], p + ".ipc"),
            Uts = String(s["uts"], p + ".uts"),
            UsernsMode = String(s["userns_mode"], p + ".userns_mode"),
            Profiles = List(s["profiles"], p + ".profiles") ?? [],
            VolumesFrom = VolumesFrom(s["volumes_from"], p + ".volumes_from"),
            Cgroup = Cgroup(s["cgroup"], p + ".cgroup"),
            DnsSearch = List(s["dns_search"], p + ".dns_search") ?? [],
            DnsOpt = List(s["dns_opt"], p + ".dns_opt") ?? [],
            GroupAdd = List(s["group_add"], p + ".group_add") ?? [],
            Tty = Bool(s["tty"], p + ".tty"),
            StdinOpen = Bool(s["stdin_open"], p + ".stdin_open"),
            CpuShares = Long(s["cpu_shares"], p + ".cpu_shares") ?? 0,
            Cpuset = String(s["cpuset"], p + ".cpuset"),
        };
    }

    // A string command is split like a shell would split words; the loader normally gives a list already.
    private static List<string>? Command(JsonNode? node, string path) => node is JsonValue
        ? [.. (String(node, path) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)]
        : List(node, path)?.ToList();

    private static ComposeBuild? Build(JsonNode? node, string path) => node switch
    {
        null => null,
        JsonValue => new ComposeBuild(String(node, path), null, new Dictionary<string, string?>(), null, new Dictionary<string, string>()),
        JsonObject b => new ComposeBuild(String(b["context"], path + ".context"), String(b["dockerfile"], path + ".dockerfile"),
            Map(b["args"], path + ".args"), String(b["target"], path + ".target"), StringMap(b["labels"], path + ".labels"))
        {
            Network = String(b["network"], path + ".network"),
            CacheFrom = List(b["cache_from"], path + ".cache_from") ?? [],
            ExtraHosts = ExtraHosts(b["extra_hosts"], path + ".extra_hosts"),
            ShmSize = Bytes(b["shm_size"], path + ".shm_size"),
            DockerfileInline = String(b["dockerfile_inline"], path + ".dockerfile_inline"),
            Tags = List(b["tags"], path + ".tags") ?? [],
            NoCache = Bool(b["no_cache"], path + ".no_cache"),
            Pull = Bool(b["pull"], path + ".pull"),
        },
        _ => throw Bad(path, "expected a map"),
    };

    private static List<ComposePort> Ports(JsonNode? node, string path)
    {
        var result = new List<ComposePort>();
        var items = node as JsonArray ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            var at = $"{path}[{i}]";
            if (items[i] is not JsonObject o)
            {
                result.AddRange(ComposeShortSyntax.Port(String(items[i], at) ?? "", at));
                continue;
            }

            var target = Long(o["target"], at + ".target") ?? throw Bad(at + ".target", "a port needs a target");
            result.Add(new ComposePort((int)target, String(o["published"], at + ".published"), String(o["host_ip"], at + ".host_ip"),
                (String(o["protocol"], at + ".protocol") ?? "tcp").ToLowerInvariant(), String(o["mode"], at + ".mode")));
        }

        return result;
    }

    private static List<ComposeMount> Mounts(JsonNode? node, string path)
    {
        var result = new List<ComposeMount>();
        var items = node as JsonArray ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            var at = $"{path}[{i}]";
            if (items[i] is not JsonObject o)
            {
                result.Add(ComposeShortSyntax.Mount(String(items[i], at) ?? "", at));
                continue;
            }

            var type = String(o["type"], at + ".type") ?? "volume";
            var target = String(o["target"], at + ".target") ?? throw Bad(at + ".target", "a mount needs a target");
            var size = (o["tmpfs"] as JsonObject)?["size"] is { } sizeNode ? Bytes(sizeNode, at + ".tmpfs.size") : (long?)null;
            ComposeKeySupport.CheckMount(at, o);
            result.Add(new ComposeMount(type, String(o["source"], at + ".source"), target, Bool(o["read_only"], at + ".read_only"), size)
            {
                Options = ComposeKeySupport.MountOptions(at, o),
                TmpfsMode = (o["tmpfs"] as JsonObject)?["mode"] is { } modeNode ? ComposeKeySupport.TmpfsMode(modeNode, at + ".tmpfs.mode") : null,
            });
        }

        return result;
    }

    private static Dictionary<string, ComposeServiceNetwork> Networks(JsonNode? node, string path)
    {
        var result = new Dictionary<string, ComposeServiceNetwork>(StringComparer.Ordinal);
        switch (node)
        {
            case JsonArray a:
                foreach (var key in List(a, path) ?? [])
                {
                    result[key] = new ComposeServiceNetwork([], null, 0);
                }

                break;
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    var n = value as JsonObject ?? [];
                    var at = $"{path}.{key}";
                    result[key] = new ComposeServiceNetwork(List(n["aliases"], at + ".aliases") ?? [], String(n["ipv4_address"], at + ".ipv4_address"),
                        (int)(Long(n["priority"], at + ".priority") ?? 0));
                }

                break;
        }

        return result;
    }

    private static Dictionary<string, ComposeDependency> DependsOn(JsonNode? node, string path)
    {
        var result = new Dictionary<string, ComposeDependency>(StringComparer.Ordinal);
        if (node is JsonArray a)
        {
            foreach (var key in List(a, path) ?? [])
            {
                result[key] = new ComposeDependency(ComposeDependency.Started, true, false);
            }

            return result;
        }

        foreach (var (key, value) in node as JsonObject ?? [])
        {
            var d = value as JsonObject ?? [];
            var at = $"{path}.{key}";
            var condition = String(d["condition"], at + ".condition") ?? ComposeDependency.Started;
            if (condition is not (ComposeDependency.Started or ComposeDependency.Healthy or ComposeDependency.CompletedSuccessfully))
            {
                throw Bad(at + ".condition", $"'{condition}' is not one of service_started, service_healthy, service_completed_successfully");
            }

            result[key] = new ComposeDependency(condition, d["required"] is null || Bool(d["required"], at + ".required"), Bool(d["restart"], at + ".restart"));
        }

        return result;
    }

    private static ComposeHealthcheck? Healthcheck(JsonNode? node, string path)
    {
        if (node is not JsonObject h)
        {
            return null;
        }

        var test = h["test"] is JsonValue ? ["CMD-SHELL", String(h["test"], path + ".test")!] : List(h["test"], path + ".test") ?? [];
        var disable = Bool(h["disable"], path + ".disable") || (test.Count > 0 && test[0] == "NONE");
        return new ComposeHealthcheck(test, Duration(h["interval"], path + ".interval"), Duration(h["timeout"], path + ".timeout"),
            (int?)Long(h["retries"], path + ".retries"), Duration(h["start_period"], path + ".start_period"), disable);
    }

    private static Dictionary<string, ComposeUlimit> Ulimits(JsonNode? node, string path)
    {
        var result = new Dictionary<string, ComposeUlimit>(StringComparer.Ordinal);
        foreach (var (key, value) in node as JsonObject ?? [])
        {
            var at = $"{path}.{key}";
            if (value is JsonObject o)
            {
                var single = Long(o["single"], at + ".single");
                result[key] = single is { } v ? new ComposeUlimit(v, v)
                    : new ComposeUlimit(Long(o["soft"], at + ".soft") ?? 0, Long(o["hard"], at + ".hard") ?? 0);
            }
            else
            {
                var v = Long(value, at) ?? 0;
                result[key] = new ComposeUlimit(v, v);
            }
        }

        return result;
    }

    private static List<string> ExtraHosts(JsonNode? node, string path) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Value is JsonArray a
            ? a.Select(ip => $"{p.Key}:{String(ip, path + "." + p.Key)}")
            : [$"{p.Key}:{String(p.Value, path + "." + p.Key)}"]).ToList(),
        _ => List(node, path)?.Select(h => h.Replace('=', ':')).ToList() ?? [],
    };

    private static ComposeResources Resources(JsonNode? node, string path) => node is JsonObject r
        ? new ComposeResources(Double(r["cpus"], path + ".cpus"), Bytes(r["memory"], path + ".memory"), Long(r["pids"], path + ".pids") ?? 0)
        : ComposeResources.None;

    private static List<ComposeFileReference> FileReferences(JsonNode? node, string path, string defaultDirectory)
    {
        var result = new List<ComposeFileReference>();
        var items = node as JsonArray ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            var at = $"{path}[{i}]";
            var source = items[i] is JsonObject o ? String(o["source"], at + ".source") : String(items[i], at);
            if (string.IsNullOrEmpty(source))
            {
                throw Bad(at, "needs a source");
            }

            var target = (items[i] as JsonObject)?["target"] is { } t ? String(t, at + ".target")! : source;
            result.Add(new ComposeFileReference(source, target.StartsWith('/') ? target : defaultDirectory + target,
                (items[i] as JsonObject)?["mode"] is { } m ? String(m, at + ".mode") : null));
        }

        return result;
    }
}
