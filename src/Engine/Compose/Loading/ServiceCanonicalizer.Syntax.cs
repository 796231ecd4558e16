namespace Portal.Engine.Compose.Loading;

internal static partial class ServiceCanonicalizer
{
    private static void Build(MapNode service, string path, string baseDir, List<ComposeError> errors)
    {
        var node = service["build"];
        if (node is null)
        {
            return;
        }

        var build = node as MapNode ?? new MapNode(node.Mark) { Tag = node.Tag };
        if (node is ScalarNode scalar)
        {
            build.Set("context", new ScalarNode(scalar.Mark, scalar.Text));
        }

        // Defaults (context ".", dockerfile "Dockerfile") come after merging, so an override's build object keeps the base context.
        if (build.String("context") is { } context)
        {
            build.Set("context", new ScalarNode(build["context"]!.Mark, ProjectPaths.BindSource(baseDir, context)));
        }

        ToMap(build, "args", ComposePath.Key(path, "build"), errors, bareValueIsNull: true);
        ToMap(build, "labels", ComposePath.Key(path, "build"), errors, bareValueIsNull: false);
        service.Set("build", build, service.KeyMark("build"));
    }

    private static void Ports(MapNode service, string path, List<ComposeError> errors)
    {
        if (service["ports"] is not SeqNode seq)
        {
            return;
        }

        var result = new SeqNode(seq.Mark) { Tag = seq.Tag };
        for (var i = 0; i < seq.Items.Count; i++)
        {
            var item = seq.Items[i];
            if (item is MapNode map)
            {
                if (!map.Contains("mode"))
                {
                    map.Set("mode", new ScalarNode(map.Mark, "ingress"));
                }

                if (!map.Contains("protocol"))
                {
                    map.Set("protocol", new ScalarNode(map.Mark, "tcp"));
                }

                if (map["target"] is ScalarNode target && target.Value is not long { } port)
                {
                    errors.Add(Error(target.Mark, ComposePath.Key(ComposePath.Index(ComposePath.Key(path, "ports"), i), "target"),
                        $"invalid container port \"{target.Text}\""));
                }
                else if (map["target"] is ScalarNode { Value: long number } && number is < 1 or > 65535)
                {
                    errors.Add(Error(map["target"]!.Mark, ComposePath.Key(ComposePath.Index(ComposePath.Key(path, "ports"), i), "target"),
                        $"invalid container port {number}"));
                }

                if (map["published"] is ScalarNode { Value: not null and not string } published)
                {
                    published.Value = published.Text;
                }

                result.Items.Add(map);
                continue;
            }

            try
            {
                foreach (var port in PortSyntax.Parse((item as ScalarNode)?.Text ?? string.Empty))
                {
                    result.Items.Add(port.ToNode(item.Mark));
                }
            }
            catch (FormatException ex)
            {
                errors.Add(Error(item.Mark, ComposePath.Index(ComposePath.Key(path, "ports"), i), ex.Message));
            }
        }

        service.Set("ports", result, service.KeyMark("ports"));
    }

    private static void Expose(MapNode service)
    {
        if (service["expose"] is SeqNode seq)
        {
            foreach (var item in seq.Items.OfType<ScalarNode>())
            {
                item.Value = item.Text;
            }
        }
    }

    private static void Volumes(MapNode service, string path, string baseDir, List<ComposeError> errors)
    {
        if (service["volumes"] is not SeqNode seq)
        {
            return;
        }

        for (var i = 0; i < seq.Items.Count; i++)
        {
            var item = seq.Items[i];
            MapNode volume;
            try
            {
                volume = item as MapNode ?? VolumeSyntax.Parse((item as ScalarNode)?.Text ?? string.Empty, item.Mark);
            }
            catch (FormatException ex)
            {
                errors.Add(Error(item.Mark, ComposePath.Index(ComposePath.Key(path, "volumes"), i), ex.Message));
                continue;
            }

            if (volume.String("target") is { } target)
            {
                volume.Set("target", new ScalarNode(volume["target"]!.Mark, VolumeSyntax.CleanPath(target)));
            }

            if (volume.String("type") == "bind" && volume.String("source") is { } source)
            {
                volume.Set("source", new ScalarNode(volume["source"]!.Mark, ProjectPaths.BindSource(baseDir, source)));
            }

            seq.Items[i] = volume;
        }
    }

    private static void DependsOn(MapNode service, string path)
    {
        var node = service["depends_on"];
        var map = node as MapNode;
        if (node is SeqNode seq)
        {
            map = new MapNode(seq.Mark) { Tag = seq.Tag };
            foreach (var item in seq.Items)
            {
                map.Set((item as ScalarNode)?.Text ?? string.Empty, new MapNode(item.Mark), item.Mark);
            }

            service.Set("depends_on", map, service.KeyMark("depends_on"));
        }

        if (map is null)
        {
            return;
        }

        foreach (var (name, value) in map.Entries.ToList())
        {
            var dependency = value as MapNode ?? new MapNode(value.Mark);
            Default(dependency, "condition", "service_started");
            Default(dependency, "required", true);
            Default(dependency, "restart", false);
            map.Set(name, dependency, map.KeyMark(name));
        }
    }

    private static void FileMounts(MapNode service, string key, string? defaultTargetPrefix)
    {
        if (service[key] is not SeqNode seq)
        {
            return;
        }

        for (var i = 0; i < seq.Items.Count; i++)
        {
            var item = seq.Items[i];
            var mount = item as MapNode;
            if (item is ScalarNode scalar)
            {
                mount = new MapNode(item.Mark);
                mount.Set("source", new ScalarNode(item.Mark, scalar.Text));
            }

            if (mount is not null && defaultTargetPrefix is not null && !mount.Contains("target"))
            {
                mount.Set("target", new ScalarNode(mount.Mark, defaultTargetPrefix + mount.String("source")));
            }

            seq.Items[i] = mount ?? item;
        }
    }

    private static void EnvFiles(MapNode service, string baseDir)
    {
        var node = service["env_file"];
        if (node is null)
        {
            return;
        }

        var items = node is SeqNode seq ? seq.Items : [node];
        var result = new SeqNode(node.Mark) { Tag = node.Tag };
        foreach (var item in items)
        {
            var entry = item as MapNode ?? new MapNode(item.Mark);
            if (item is ScalarNode scalar)
            {
                entry.Set("path", new ScalarNode(item.Mark, scalar.Text));
            }

            if (entry.String("path") is { } envPath)
            {
                entry.Set("path", new ScalarNode(entry["path"]!.Mark, ProjectPaths.Join(baseDir, envPath)));
            }

            Default(entry, "required", true);
            result.Items.Add(entry);
        }

        service.Set("env_file", result, service.KeyMark("env_file"));
    }

    private static void Command(MapNode service, string key, string path, List<ComposeError> errors)
    {
        if (service[key] is not ScalarNode { Value: string text } scalar)
        {
            return;
        }

        try
        {
            var seq = new SeqNode(scalar.Mark) { Tag = scalar.Tag };
            seq.Items.AddRange(ShellWords.Split(text).Select(w => new ScalarNode(scalar.Mark, w)));
            service.Set(key, seq, service.KeyMark(key));
        }
        catch (FormatException ex)
        {
            errors.Add(Error(scalar.Mark, ComposePath.Key(path, key), ex.Message));
        }
    }

    private static void HealthcheckTest(MapNode service)
    {
        if (service.Map("healthcheck") is { } healthcheck && healthcheck["test"] is ScalarNode { Value: string text } scalar)
        {
            var seq = new SeqNode(scalar.Mark) { Tag = scalar.Tag };
            seq.Items.Add(new ScalarNode(scalar.Mark, "CMD-SHELL"));
            seq.Items.Add(new ScalarNode(scalar.Mark, text));
            healthcheck.Set("test", seq, healthcheck.KeyMark("test"));
        }
    }

    private static void ExtraHosts(MapNode service, string path, List<ComposeError> errors)
    {
        var node = service["extra_hosts"];
        var entries = new List<string>();
        switch (node)
        {
            case SeqNode seq:
                foreach (var item in seq.Items)
                {
                    var text = (item as ScalarNode)?.Text ?? string.Empty;
                    var eq = text.IndexOf('=', StringComparison.Ordinal);
                    var sep = eq >= 0 ? eq : text.IndexOf(':', StringComparison.Ordinal);
                    if (sep <= 0)
                    {
                        errors.Add(Error(item.Mark, ComposePath.Key(path, "extra_hosts"), $"invalid extra host \"{text}\": expected host=ip"));
                        continue;
                    }

                    entries.Add(text[..sep] + "=" + text[(sep + 1)..]);
                }

                break;
            case MapNode map:
                foreach (var (host, value) in map.Entries)
                {
                    var ips = value is SeqNode list ? list.Items.Select(i => (i as ScalarNode)?.Text) : [(value as ScalarNode)?.Text];
                    entries.AddRange(ips.Select(ip => host + "=" + ip));
                }

                break;
            default:
                return;
        }

        var result = new SeqNode(node.Mark) { Tag = node.Tag };
        result.Items.AddRange(entries.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(e => new ScalarNode(node.Mark, e)));
        service.Set("extra_hosts", result, service.KeyMark("extra_hosts"));
    }

    private static void CheckUnits(MapNode service, string path, List<ComposeError> errors)
    {
        foreach (var (keys, check, what) in new[] { (s_durations, (Func<object?, bool>)UnitsValidator.IsDuration, "duration"), (s_byteSizes, UnitsValidator.IsByteSize, "byte size") })
        {
            foreach (var dotted in keys)
            {
                var segments = dotted.Split('.');
                ComposeNode? node = service;
                foreach (var segment in segments)
                {
                    node = (node as MapNode)?[segment];
                }

                if (node is ScalarNode { Value: not null } scalar && !check(scalar.Value))
                {
                    errors.Add(Error(scalar.Mark, ComposePath.Key(path, dotted), $"invalid {what} \"{scalar.Text}\""));
                }
            }
        }
    }

    private static void Default(MapNode map, string key, object value)
    {
        if (!map.Contains(key))
        {
            map.Set(key, new ScalarNode(map.Mark, value));
        }
    }
}
