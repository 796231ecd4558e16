using System.Globalization;

namespace Portal.Engine.Compose.Loading;

/// <summary>
/// Merges an override tree onto a base tree (both already canonical) with compose's rules: maps merge by key
/// (environment, labels, depends_on, networks…), scalars are replaced, <c>command</c>/<c>entrypoint</c>/
/// <c>healthcheck.test</c> are replaced whole, lists are appended and then made unique the way compose indexes them
/// (volumes/secrets/configs by target, ports by ip:published:target/protocol, dns/expose/cap_add… by value).
/// An override value tagged <c>!reset</c> removes the key; <c>!override</c> replaces it without merging.
/// </summary>
internal static class ComposeMerger
{
    public const string ResetTag = "!reset";
    public const string OverrideTag = "!override";

    private static readonly HashSet<string> s_replaced = new(StringComparer.Ordinal)
    {
        "services.*.command", "services.*.entrypoint", "services.*.healthcheck.test", "services.*.ulimits.*",
    };

    private static readonly HashSet<string> s_uniqueByValue = new(StringComparer.Ordinal)
    {
        "services.*.expose", "services.*.dns", "services.*.dns_search", "services.*.dns_opt", "services.*.cap_add",
        "services.*.cap_drop", "services.*.profiles", "services.*.tmpfs", "services.*.links", "services.*.extra_hosts",
        "services.*.networks.*.aliases", "services.*.security_opt", "services.*.group_add",
    };

    /// <summary>Merges <paramref name="overrides"/> into <paramref name="target"/> (which is modified).</summary>
    public static MapNode Merge(MapNode target, MapNode overrides) => MergeMaps(target, overrides, []);

    private static MapNode MergeMaps(MapNode target, MapNode overrides, List<string> segments)
    {
        foreach (var (key, value) in overrides.Entries)
        {
            if (value.Tag == ResetTag)
            {
                target.Remove(key);
                continue;
            }

            segments.Add(key);
            var existing = target[key];
            var merged = existing is null || value.Tag == OverrideTag ? Untag(value) : MergeValue(existing, value, segments);
            target.Set(key, merged, overrides.KeyMark(key));
            segments.RemoveAt(segments.Count - 1);
        }

        return target;
    }

    private static ComposeNode MergeValue(ComposeNode existing, ComposeNode value, List<string> segments)
    {
        var pattern = Pattern(segments);
        if (s_replaced.Contains(pattern))
        {
            return Untag(value);
        }

        if (pattern == "services.*.logging" && existing is MapNode oldLog && value is MapNode newLog &&
            oldLog.String("driver") is { } oldDriver && newLog.String("driver") is { } newDriver && oldDriver != newDriver)
        {
            return Untag(value);
        }

        return (existing, value) switch
        {
            (MapNode a, MapNode b) => MergeMaps(a, b, segments),
            (SeqNode a, SeqNode b) => Unique(Append(a, b), pattern),
            _ => Untag(value),
        };
    }

    private static SeqNode Append(SeqNode a, SeqNode b)
    {
        a.Items.AddRange(b.Items.Select(Untag));
        return a;
    }

    /// <summary>Keeps one entry per index key; a later entry replaces the earlier one in its place.</summary>
    private static SeqNode Unique(SeqNode seq, string pattern)
    {
        Func<ComposeNode, string?>? indexer = pattern switch
        {
            "services.*.volumes" => n => (n as MapNode)?.String("target"),
            "services.*.secrets" or "services.*.configs" => n => n is MapNode m ? m.String("target") ?? m.String("source") : null,
            "services.*.ports" => PortKey,
            "services.*.env_file" => n => (n as MapNode)?.String("path"),
            _ when s_uniqueByValue.Contains(pattern) => n => (n as ScalarNode)?.Text,
            _ => null,
        };
        if (indexer is null)
        {
            return seq;
        }

        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<ComposeNode>();
        foreach (var item in seq.Items)
        {
            var key = indexer(item);
            if (key is not null && positions.TryGetValue(key, out var at))
            {
                result[at] = item;
                continue;
            }

            if (key is not null)
            {
                positions[key] = result.Count;
            }

            result.Add(item);
        }

        seq.Items.Clear();
        seq.Items.AddRange(result);
        return seq;
    }

    private static string? PortKey(ComposeNode node) => node is MapNode m
        ? string.Create(CultureInfo.InvariantCulture,
            $"{m.String("host_ip")}:{m.String("published")}:{m.String("target")}/{m.String("protocol")}")
        : null;

    private static string Pattern(List<string> segments)
    {
        // services.<name>.x.<key>.y → services.*.x.*.y: names of services and of map entries become "*".
        var parts = new string[segments.Count];
        for (var i = 0; i < segments.Count; i++)
        {
            var wildcard = i == 1 || (i == 3 && segments[0] == "services" && segments[2] is "networks" or "ulimits" or "depends_on");
            parts[i] = wildcard ? "*" : segments[i];
        }

        return string.Join('.', parts);
    }

    private static ComposeNode Untag(ComposeNode node)
    {
        if (node.Tag is ResetTag or OverrideTag)
        {
            node.Tag = null;
        }

        return node;
    }
}
