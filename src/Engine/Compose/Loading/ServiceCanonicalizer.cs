namespace Portal.Engine.Compose.Loading;

/// <summary>
/// Rewrites one service from the short forms the spec allows into the long/map forms compose prints: environment,
/// labels, args, sysctls as maps; ports, volumes, secrets, configs, env_file in long syntax; depends_on and networks
/// as maps; build as an object; command/entrypoint as word lists. Relative paths are rebased onto
/// the base directory (the directory of the file the service came from).
/// </summary>
internal static partial class ServiceCanonicalizer
{
    private static readonly string[] s_durations =
        ["stop_grace_period", "healthcheck.interval", "healthcheck.timeout", "healthcheck.start_period", "healthcheck.start_interval"];

    private static readonly string[] s_byteSizes =
        ["shm_size", "mem_limit", "memswap_limit", "mem_reservation", "build.shm_size",
            "deploy.resources.limits.memory", "deploy.resources.reservations.memory"];

    public static void Canonicalize(MapNode service, string path, string baseDir, List<ComposeError> errors)
    {
        ToMap(service, "environment", path, errors, bareValueIsNull: true);
        ToMap(service, "labels", path, errors, bareValueIsNull: false);
        ToMap(service, "sysctls", path, errors, bareValueIsNull: false);
        ToMap(service, "annotations", path, errors, bareValueIsNull: false);
        if (service.Map("deploy") is { } deploy)
        {
            ToMap(deploy, "labels", ComposePath.Key(path, "deploy"), errors, bareValueIsNull: false);
        }

        Build(service, path, baseDir, errors);
        Ports(service, path, errors);
        Expose(service);
        Volumes(service, path, baseDir, errors);
        DependsOn(service, path);
        ListToNullMap(service, "networks");
        FileMounts(service, "secrets", "/run/secrets/");
        FileMounts(service, "configs", null);
        EnvFiles(service, baseDir);
        foreach (var key in new[] { "dns", "dns_search", "tmpfs" })
        {
            StringToList(service, key);
        }

        Command(service, "command", path, errors);
        Command(service, "entrypoint", path, errors);
        HealthcheckTest(service);
        ExtraHosts(service, path, errors);
        if (service.String("pull_policy") == "if_not_present")
        {
            service.Set("pull_policy", new ScalarNode(service["pull_policy"]!.Mark, "missing"));
        }

        CheckUnits(service, path, errors);
    }

    /// <summary>Top-level networks/volumes/secrets/configs: null → {}, legacy <c>external: {name}</c> → name + external, file paths rebased.</summary>
    public static void CanonicalizeResources(MapNode root, string baseDir)
    {
        foreach (var kind in new[] { "networks", "volumes", "secrets", "configs" })
        {
            if (root.Map(kind) is not { } resources)
            {
                continue;
            }

            foreach (var (name, value) in resources.Entries.ToList())
            {
                var resource = value as MapNode ?? new MapNode(value.Mark);
                if (resource.Map("external") is { } legacy)
                {
                    if (legacy.String("name") is { } externalName)
                    {
                        resource.Set("name", new ScalarNode(legacy.Mark, externalName));
                    }

                    resource.Set("external", new ScalarNode(legacy.Mark, true));
                }

                if (kind is "secrets" or "configs" && resource.String("file") is { } file)
                {
                    resource.Set("file", new ScalarNode(resource["file"]!.Mark, ProjectPaths.Join(baseDir, file)));
                }

                resources.Set(name, resource, resources.KeyMark(name));
            }
        }
    }

    private static void ToMap(MapNode owner, string key, string path, List<ComposeError> errors, bool bareValueIsNull)
    {
        var node = owner[key];
        var map = new MapNode(node?.Mark ?? owner.Mark) { Tag = node?.Tag };
        switch (node)
        {
            case SeqNode seq:
                foreach (var item in seq.Items)
                {
                    var text = (item as ScalarNode)?.Text ?? string.Empty;
                    var eq = text.IndexOf('=', StringComparison.Ordinal);
                    var name = eq < 0 ? text : text[..eq];
                    if (name.Length == 0)
                    {
                        errors.Add(Error(item.Mark, ComposePath.Key(path, key), $"invalid entry \"{text}\": a name is required"));
                        continue;
                    }

                    var value = eq >= 0 ? text[(eq + 1)..] : bareValueIsNull ? null : string.Empty;
                    map.Set(name, new ScalarNode(item.Mark, value), item.Mark);
                }

                break;
            case MapNode source:
                foreach (var (name, value) in source.Entries)
                {
                    map.Set(name, new ScalarNode(value.Mark, (value as ScalarNode)?.Text) { Tag = value.Tag }, source.KeyMark(name));
                }

                break;
            default:
                return;
        }

        owner.Set(key, map, owner.KeyMark(key));
    }

    private static void StringToList(MapNode owner, string key)
    {
        if (owner[key] is ScalarNode { Value: string s } scalar)
        {
            var seq = new SeqNode(scalar.Mark) { Tag = scalar.Tag };
            seq.Items.Add(new ScalarNode(scalar.Mark, s));
            owner.Set(key, seq, owner.KeyMark(key));
        }
    }

    private static void ListToNullMap(MapNode owner, string key)
    {
        if (owner[key] is SeqNode seq)
        {
            var map = new MapNode(seq.Mark) { Tag = seq.Tag };
            foreach (var item in seq.Items)
            {
                map.Set((item as ScalarNode)?.Text ?? string.Empty, new ScalarNode(item.Mark, null), item.Mark);
            }

            owner.Set(key, map, owner.KeyMark(key));
        }
    }

    private static ComposeError Error(SourceMark mark, string path, string message) =>
        new(mark.File, mark.Line, mark.Column, path, message);
}
