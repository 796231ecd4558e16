using System.Text.Json;

namespace Portal.Engine.Docker;

/// <summary>
/// Reads <c>GET /system/df</c> in the shape API 1.41–1.47 daemons answer with (the one
/// Docker.DotNet does not model): per-image, per-container, per-volume and build-cache sizes.
/// </summary>
public sealed class EngineDiskUsage(EngineHttp http)
{
    public async Task<DiskUsageData> ReadAsync(CancellationToken cancellationToken)
    {
        using var doc = await http.SendAsync(HttpMethod.Get, "/system/df", cancellationToken).ConfigureAwait(false);
        return Parse(doc.RootElement);
    }

    /// <summary>Parses the legacy df document (pure, for unit tests).</summary>
    public static DiskUsageData Parse(JsonElement root) => new(
        Long(root, "LayersSize"),
        Array(root, "Images").Select(i => new DiskUsageItem(Str(i, "Id"), Long(i, "Size"), Long(i, "SharedSize"), Long(i, "Containers") > 0, Labels(i))).ToList(),
        Array(root, "Containers").Select(c => new DiskUsageItem(Str(c, "Id"), Long(c, "SizeRw"), 0, Str(c, "State") == "running", Labels(c))
        {
            Volumes = [.. Array(c, "Mounts").Where(m => Str(m, "Type") == "volume").Select(m => Str(m, "Name")).Where(n => n.Length > 0)],
        }).ToList(),
        Array(root, "Volumes").Select(v =>
        {
            var usage = v.TryGetProperty("UsageData", out var u) && u.ValueKind == JsonValueKind.Object ? u : default;
            var size = usage.ValueKind == JsonValueKind.Object ? Long(usage, "Size") : -1;
            var refs = usage.ValueKind == JsonValueKind.Object ? Long(usage, "RefCount") : 0;
            return new DiskUsageItem(Str(v, "Name"), size, 0, refs > 0, Labels(v));
        }).ToList(),
        Array(root, "BuildCache").Select(b => new DiskUsageItem(Str(b, "ID"), Long(b, "Size"), 0, b.TryGetProperty("InUse", out var inUse) && inUse.ValueKind == JsonValueKind.True, new Dictionary<string, string>())).ToList());

    private static IEnumerable<JsonElement> Array(JsonElement e, string name) =>
        e.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array ? a.EnumerateArray() : [];

    private static long Long(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : 0;

    private static string Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";

    private static Dictionary<string, string> Labels(JsonElement e)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (e.TryGetProperty("Labels", out var l) && l.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in l.EnumerateObject())
            {
                labels[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? "" : p.Value.ToString();
            }
        }

        return labels;
    }
}
