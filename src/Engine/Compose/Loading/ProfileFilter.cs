namespace Portal.Engine.Compose.Loading;

/// <summary>
/// Keeps services without <c>profiles</c> and those with an active profile (<c>*</c> activates all). An active service
/// that requires a service disabled by its profiles is an error, as in compose; an optional
/// (<c>required: false</c>) dependency on it is dropped.
/// </summary>
internal static class ProfileFilter
{
    public static void Apply(MapNode root, IReadOnlyCollection<string> active, List<ComposeError> errors)
    {
        if (root.Map("services") is not { } services)
        {
            return;
        }

        var all = active.Contains("*");
        var disabled = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (name, node) in services.Entries.ToList())
        {
            var profiles = ((node as MapNode)?["profiles"] as SeqNode)?.Items.OfType<ScalarNode>()
                .Select(p => p.Text).OfType<string>().ToList() ?? [];
            if (profiles.Count > 0 && !all && !profiles.Any(active.Contains))
            {
                disabled[name] = profiles;
                services.Remove(name);
            }
        }

        foreach (var (name, node) in services.Entries)
        {
            if ((node as MapNode)?.Map("depends_on") is not { } dependsOn)
            {
                continue;
            }

            foreach (var (target, dependency) in dependsOn.Entries.ToList())
            {
                if (!disabled.TryGetValue(target, out var profiles))
                {
                    continue;
                }

                if ((dependency as MapNode)?["required"] is ScalarNode { Value: false })
                {
                    dependsOn.Remove(target);
                    continue;
                }

                var mark = dependsOn.KeyMark(target);
                errors.Add(new ComposeError(mark.File, mark.Line, mark.Column, ComposePath.Key(ComposePath.Key(ComposePath.Key("services", name), "depends_on"), target),
                    $"service \"{name}\" depends on service \"{target}\", which is disabled by its profiles (activate one of: {string.Join(", ", profiles)})"));
            }
        }
    }
}
