using System.Text.Json.Nodes;
using static Portal.Engine.Compose.Model.ComposeValues;

namespace Portal.Engine.Compose.Model;

/// <summary>The keys added so that none is silently ignored: volumes_from, cgroup, deploy.restart_policy.</summary>
internal static partial class ComposeServiceBinder
{
    private static List<ComposeVolumesFrom> VolumesFrom(JsonNode? node, string path)
    {
        var result = new List<ComposeVolumesFrom>();
        var items = List(node, path) ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            var at = $"{path}[{i}]";
            var parts = items[i].Split(':');
            var (isService, rest) = parts[0] switch
            {
                "container" => (false, parts[1..]),
                "service" => (true, parts[1..]),
                _ => (true, parts),
            };
            if (rest.Length is 0 or > 2 || rest[0].Length == 0)
            {
                throw Bad(at, $"'{items[i]}' is not [service:|container:]name[:ro|:rw]");
            }

            var mode = rest.Length == 2 ? rest[1] : "rw";
            if (mode is not ("ro" or "rw"))
            {
                throw Bad(at, $"access mode '{mode}' is not ro or rw");
            }

            result.Add(new ComposeVolumesFrom(isService, rest[0], mode == "ro"));
        }

        return result;
    }

    private static string? Cgroup(JsonNode? node, string path) => String(node, path) switch
    {
        null => null,
        var mode when mode is "host" or "private" => mode,
        var other => throw Bad(path, $"'{other}' is not host or private"),
    };

    // compose v2 turns deploy.restart_policy into the container's restart policy when `restart` is not set.
    private static string? RestartPolicy(JsonObject? policy, string path)
    {
        if (policy is null)
        {
            return null;
        }

        var attempts = Long(policy["max_attempts"], path + ".max_attempts");
        return (String(policy["condition"], path + ".condition") ?? "any") switch
        {
            "none" => "no",
            "on-failure" => attempts is { } n ? $"on-failure:{n.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "on-failure",
            "any" => "always",
            var other => throw Bad(path + ".condition", $"'{other}' is not none, on-failure or any"),
        };
    }
}
