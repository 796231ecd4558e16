namespace Portal.Engine.Compose.Loading;

/// <summary>
/// The checks the schema cannot express: depends_on naming an unknown service, dependency cycles (named), and
/// services referring to networks, volumes, secrets or configs the project does not declare.
/// </summary>
internal static class SemanticValidator
{
    public static void Validate(MapNode root, List<ComposeError> errors)
    {
        var services = root.Map("services") ?? new MapNode(root.Mark);
        foreach (var (name, node) in services.Entries)
        {
            if (node is not MapNode service)
            {
                continue;
            }

            var path = ComposePath.Key("services", name);
            foreach (var (target, _) in service.Map("depends_on")?.Entries ?? [])
            {
                if (!services.Contains(target))
                {
                    Add(errors, service.Map("depends_on")!.KeyMark(target), ComposePath.Key(ComposePath.Key(path, "depends_on"), target),
                        $"service \"{name}\" depends on undefined service \"{target}\"");
                }
            }

            References(root, service, "networks", path, name, errors, n => n.Keys.Where(k => k != "default").Select(k => (k, n.KeyMark(k))));
            References(root, service, "volumes", path, name, errors, _ => Mounts(service, "volumes", m => m.String("type") == "volume"));
            References(root, service, "secrets", path, name, errors, _ => Mounts(service, "secrets", _ => true));
            References(root, service, "configs", path, name, errors, _ => Mounts(service, "configs", _ => true));
        }

        Cycles(services, errors);
    }

    private static IEnumerable<(string Name, SourceMark Mark)> Mounts(MapNode service, string key, Func<MapNode, bool> named) =>
        (service[key] as SeqNode)?.Items.OfType<MapNode>().Where(named)
            .Select(m => (m.String("source"), m.Mark)).Where(m => !string.IsNullOrEmpty(m.Item1))
            .Select(m => (m.Item1!, m.Mark)) ?? [];

    private static void References(MapNode root, MapNode service, string kind, string path, string name, List<ComposeError> errors,
        Func<MapNode, IEnumerable<(string Name, SourceMark Mark)>> references)
    {
        var source = kind == "networks" ? service.Map("networks") : service;
        if (source is null)
        {
            return;
        }

        var declared = root.Map(kind);
        foreach (var (reference, mark) in references(source))
        {
            if (declared?.Contains(reference) != true)
            {
                Add(errors, mark, ComposePath.Key(path, kind), $"service \"{name}\" refers to undefined {kind[..^1]} \"{reference}\"");
            }
        }
    }

    private static void Cycles(MapNode services, List<ComposeError> errors)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new List<string>();
        foreach (var name in services.Keys)
        {
            if (Visit(name) is { } cycle)
            {
                var mark = services.KeyMark(cycle[0]);
                Add(errors, mark, ComposePath.Key(ComposePath.Key("services", cycle[0]), "depends_on"),
                    $"dependency cycle detected: {string.Join(" -> ", cycle)}");
                return;
            }
        }

        List<string>? Visit(string name)
        {
            if (state.GetValueOrDefault(name) == 2 || !services.Contains(name))
            {
                return null;
            }

            if (state.GetValueOrDefault(name) == 1)
            {
                return [.. stack.Skip(stack.IndexOf(name)), name];
            }

            state[name] = 1;
            stack.Add(name);
            foreach (var dependency in (services[name] as MapNode)?.Map("depends_on")?.Keys ?? [])
            {
                if (Visit(dependency) is { } cycle)
                {
                    return cycle;
                }
            }

            stack.RemoveAt(stack.Count - 1);
            state[name] = 2;
            return null;
        }
    }

    private static void Add(List<ComposeError> errors, SourceMark mark, string path, string message) =>
        errors.Add(new ComposeError(mark.File, mark.Line, mark.Column, path, message));
}
