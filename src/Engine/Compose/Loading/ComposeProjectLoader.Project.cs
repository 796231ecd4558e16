using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Portal.Engine.Compose.Loading;

internal sealed partial class ComposeProjectLoader
{
    /// <summary>Maps whose keys the user chooses; printed sorted, as compose (Go maps) prints them.</summary>
    private static readonly HashSet<string> s_sortedServiceMaps = new(StringComparer.Ordinal)
    {
        "environment", "labels", "depends_on", "networks", "sysctls", "annotations",
    };

    private static readonly string[] s_topLevelOrder = ["services", "networks", "volumes", "secrets", "configs"];

    public ComposeLoadResult Run()
    {
        if (request.Files.Count == 0)
        {
            return new ComposeLoadResult(null, [new ComposeError(string.Empty, 0, 0, string.Empty, "no compose file given")]);
        }

        var dotEnv = request.Source.TryRead(".env") is { } envText
            ? ReadEnvFile(".env", envText, n => request.Variables?.GetValueOrDefault(n))
            : new OrderedDictionary<string, string>();
        string? Lookup(string name) => request.Variables?.GetValueOrDefault(name) ?? dotEnv.GetValueOrDefault(name);

        MapNode? merged = null;
        foreach (var file in request.Files)
        {
            try
            {
                var model = LoadFile(file.Name, file.Content, string.Empty, Lookup);
                if (model is not null && Errors.Count == 0)
                {
                    merged = merged is null ? model.Root : ComposeMerger.Merge(merged, model.Root);
                }
            }
            catch (ComposeLoadException ex)
            {
                Errors.AddRange(ex.Errors.Except(Errors));
            }
        }

        if (Errors.Count > 0 || merged is null)
        {
            return new ComposeLoadResult(null, Distinct(Errors));
        }

        var name = ProjectName(merged, request.Files[0].Name);
        merged.Remove("version");
        merged.Remove("name");
        ProfileFilter.Apply(merged, request.Profiles ?? [], Errors);
        var services = merged.Map("services") ?? new MapNode(merged.Mark);
        foreach (var (serviceName, node) in services.Entries)
        {
            if (node is MapNode service)
            {
                ServiceFinisher.Finish(service, ComposePath.Key("services", serviceName), request.Source, Lookup, Errors);
            }
        }

        DefaultNetwork(merged, services);
        ResourceNames(merged, name);
        if (Errors.Count == 0)
        {
            // A dependency already reported as disabled by profiles would otherwise be reported again as undefined.
            SemanticValidator.Validate(merged, Errors);
        }

        if (Errors.Count > 0)
        {
            return new ComposeLoadResult(null, Distinct(Errors));
        }

        var document = new JsonObject { ["name"] = name };
        foreach (var (key, value) in merged.Entries.OrderBy(e => Array.IndexOf(s_topLevelOrder, e.Key) is var i && i >= 0 ? i : s_topLevelOrder.Length))
        {
            document[key] = ComposeJson.ToJson(value);
        }

        SortUserMaps(document);
        return new ComposeLoadResult(document, []);
    }

    private string ProjectName(MapNode merged, string firstFile)
    {
        if (!string.IsNullOrEmpty(request.ProjectName))
        {
            if (!ValidName().IsMatch(request.ProjectName))
            {
                throw new ComposeLoadException(new SourceMark(firstFile, 0, 0), "name",
                    $"\"{request.ProjectName}\" is not a valid project name: it must contain only lowercase letters, digits, dashes and underscores, and must begin with a lowercase letter or digit");
            }

            return request.ProjectName;
        }

        if (merged.String("name") is { } given)
        {
            var normalized = NotAllowed().Replace(given.ToLowerInvariant(), string.Empty).TrimStart('_', '-');
            if (normalized.Length > 0)
            {
                return normalized;
            }

            var mark = merged["name"]!.Mark;
            throw new ComposeLoadException(mark, "name", $"\"{given}\" gives an empty project name once normalized (lowercase letters, digits, - and _)");
        }

        throw new ComposeLoadException(new SourceMark(firstFile, 1, 1), "name",
            "project name is missing: set a top-level 'name:' or give the stack a name");
    }

    private static void DefaultNetwork(MapNode root, MapNode services)
    {
        var usesDefault = false;
        foreach (var service in services.Entries.Select(e => e.Value).OfType<MapNode>())
        {
            if (service.Contains("network_mode"))
            {
                continue;
            }

            if (service.Map("networks") is not { Count: > 0 } networks)
            {
                var map = new MapNode(service.Mark);
                map.Set("default", new ScalarNode(service.Mark, null));
                service.Set("networks", map);
                usesDefault = true;
            }
            else if (networks.Contains("default"))
            {
                usesDefault = true;
            }
        }

        if (usesDefault)
        {
            var top = root.Map("networks");
            if (top is null)
            {
                top = new MapNode(root.Mark);
                root.Set("networks", top);
            }

            if (!top.Contains("default"))
            {
                top.Set("default", new MapNode(root.Mark));
            }
        }
    }

    private static void ResourceNames(MapNode root, string project)
    {
        foreach (var kind in new[] { "networks", "volumes", "secrets", "configs" })
        {
            foreach (var (key, value) in root.Map(kind)?.Entries ?? [])
            {
                if (value is MapNode resource && resource["name"] is null or ScalarNode { Value: null })
                {
                    var external = (resource["external"] as ScalarNode)?.Value is true;
                    resource.Set("name", new ScalarNode(resource.Mark, external ? key : $"{project}_{key}"));
                }
            }
        }
    }

    private static void SortUserMaps(JsonObject document)
    {
        foreach (var kind in new[] { "services", "networks", "volumes", "secrets", "configs" })
        {
            if (document[kind] is JsonObject resources)
            {
                document[kind] = Sorted(resources);
            }
        }

        foreach (var (_, node) in (document["services"] as JsonObject)?.ToList() ?? [])
        {
            if (node is not JsonObject service)
            {
                continue;
            }

            foreach (var key in s_sortedServiceMaps)
            {
                if (service[key] is JsonObject map)
                {
                    service[key] = Sorted(map);
                }
            }

            if (service["build"] is JsonObject build && build["args"] is JsonObject args)
            {
                build["args"] = Sorted(args);
            }
        }
    }

    private static JsonObject Sorted(JsonObject map)
    {
        var entries = map.OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
        map.Clear();
        var sorted = new JsonObject();
        foreach (var (key, value) in entries)
        {
            sorted[key] = value;
        }

        return sorted;
    }

    private static List<ComposeError> Distinct(List<ComposeError> errors) => errors.Distinct().ToList();

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$")]
    private static partial Regex ValidName();

    [GeneratedRegex("[^a-z0-9_-]+")]
    private static partial Regex NotAllowed();
}
