namespace Portal.Engine.Compose.Loading;

/// <summary>
/// Project-level steps on one merged service: <c>env_file</c> read into <c>environment</c> (environment wins; the
/// env_file key is then dropped, as compose does), bare environment/args names resolved from the project variables,
/// <c>scale</c> and <c>deploy.replicas</c> reconciled, and <c>service:</c> namespace references turned into dependencies.
/// </summary>
internal static class ServiceFinisher
{
    public static void Finish(MapNode service, string path, IComposeFileSource source, Func<string, string?> lookup, List<ComposeError> errors)
    {
        Environment(service, path, source, lookup, errors);
        if (service.Map("build") is { } build)
        {
            if (!build.Contains("context"))
            {
                build.Set("context", new ScalarNode(build.Mark, "."));
            }

            if (!build.Contains("dockerfile") && !build.Contains("dockerfile_inline"))
            {
                build.Set("dockerfile", new ScalarNode(build.Mark, "Dockerfile"));
            }
        }

        if (service["extra_hosts"] is SeqNode hosts)
        {
            // compose prints extra_hosts sorted, whatever order the merged files gave.
            hosts.Items.Sort((a, b) => string.CompareOrdinal((a as ScalarNode)?.Text, (b as ScalarNode)?.Text));
        }

        if (service.Map("build")?.Map("args") is { } args)
        {
            foreach (var (name, value) in args.Entries.ToList())
            {
                if (value is ScalarNode { Value: null })
                {
                    // compose drops a build arg with no value that no variable provides.
                    if (lookup(name) is { } resolved)
                    {
                        args.Set(name, new ScalarNode(value.Mark, resolved));
                    }
                    else
                    {
                        args.Remove(name);
                    }
                }
            }
        }

        Scale(service, path, errors);
        NamespaceDependencies(service);
    }

    private static void Environment(MapNode service, string path, IComposeFileSource source, Func<string, string?> lookup, List<ComposeError> errors)
    {
        var environment = service.Map("environment");
        if (service["env_file"] is SeqNode envFiles)
        {
            var fromFiles = new Dictionary<string, (string Value, SourceMark Mark)>(StringComparer.Ordinal);
            foreach (var entry in envFiles.Items.OfType<MapNode>())
            {
                var file = entry.String("path") ?? string.Empty;
                var required = (entry["required"] as ScalarNode)?.Value is not false;
                var text = source.TryRead(file);
                if (text is null)
                {
                    if (required)
                    {
                        errors.Add(new ComposeError(entry.Mark.File, entry.Mark.Line, entry.Mark.Column,
                            ComposePath.Key(path, "env_file"), $"env file \"{file}\" not found"));
                    }

                    continue;
                }

                try
                {
                    foreach (var (key, value) in DotEnvParser.Parse(text, lookup))
                    {
                        fromFiles[key] = (value, entry.Mark);
                    }
                }
                catch (DotEnvException ex)
                {
                    errors.Add(new ComposeError(file, ex.Line, 1, string.Empty, ex.Message));
                }
            }

            environment ??= new MapNode(envFiles.Mark);
            foreach (var (key, (value, mark)) in fromFiles)
            {
                // A bare name in environment does not hide the env_file's value (compose drops empty entries first).
                if (environment[key] is null or ScalarNode { Value: null })
                {
                    environment.Set(key, new ScalarNode(mark, value));
                }
            }

            service.Set("environment", environment, service.KeyMark("env_file"));
            service.Remove("env_file");
        }

        foreach (var (name, value) in environment?.Entries.ToList() ?? [])
        {
            if (value is ScalarNode { Value: null } && lookup(name) is { } resolved)
            {
                environment!.Set(name, new ScalarNode(value.Mark, resolved));
            }
        }
    }

    private static void Scale(MapNode service, string path, List<ComposeError> errors)
    {
        var scale = service["scale"] as ScalarNode;
        var deploy = service.Map("deploy");
        var replicas = deploy?["replicas"] as ScalarNode;
        if (scale?.Value is long s && replicas?.Value is long r && s != r)
        {
            errors.Add(new ComposeError(scale.Mark.File, scale.Mark.Line, scale.Mark.Column, ComposePath.Key(path, "scale"),
                $"can't set distinct values on 'scale' ({s}) and 'deploy.replicas' ({r})"));
            return;
        }

        // Both keys end up set and equal, so the planner can read either.
        if (scale?.Value is long count && replicas is null)
        {
            if (deploy is null)
            {
                deploy = new MapNode(scale.Mark);
                service.Set("deploy", deploy);
            }

            deploy.Set("replicas", new ScalarNode(scale.Mark, count));
        }
        else if (replicas?.Value is long n && scale is null)
        {
            service.Set("scale", new ScalarNode(replicas.Mark, n));
        }
    }

    private static void NamespaceDependencies(MapNode service)
    {
        foreach (var key in new[] { "network_mode", "ipc", "pid" })
        {
            if (service.String(key) is { } reference && reference.StartsWith("service:", StringComparison.Ordinal))
            {
                var dependsOn = service.Map("depends_on");
                if (dependsOn is null)
                {
                    dependsOn = new MapNode(service[key]!.Mark);
                    service.Set("depends_on", dependsOn);
                }

                var target = reference["service:".Length..];
                if (!dependsOn.Contains(target))
                {
                    var dependency = new MapNode(service[key]!.Mark);
                    dependency.Set("condition", new ScalarNode(dependency.Mark, "service_started"));
                    dependency.Set("required", new ScalarNode(dependency.Mark, true));
                    dependency.Set("restart", new ScalarNode(dependency.Mark, true));
                    dependsOn.Set(target, dependency);
                }
            }
        }
    }
}
