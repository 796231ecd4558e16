using System.Text.Json.Nodes;

namespace Portal.Engine.Compose.Loading;

/// <summary>Turns the working tree into JSON, optionally remembering which node each JSON pointer came from.</summary>
internal static class ComposeJson
{
    /// <summary>Where the value at a JSON pointer is, where its key is, and its printable path.</summary>
    public readonly record struct Origin(SourceMark Value, SourceMark Key, string Path);

    public static JsonNode? ToJson(ComposeNode node, Dictionary<string, Origin>? origins = null) =>
        Convert(node, string.Empty, string.Empty, node.Mark, origins);

    private static JsonNode? Convert(ComposeNode node, string pointer, string path, SourceMark keyMark, Dictionary<string, Origin>? origins)
    {
        origins?.TryAdd(pointer, new Origin(node.Mark, keyMark, path));
        switch (node)
        {
            case MapNode map:
                var obj = new JsonObject();
                foreach (var (key, child) in map.Entries)
                {
                    obj[key] = Convert(child, pointer + "/" + Escape(key), ComposePath.Key(path, key), map.KeyMark(key), origins);
                }

                return obj;
            case SeqNode seq:
                var array = new JsonArray();
                for (var i = 0; i < seq.Items.Count; i++)
                {
                    array.Add(Convert(seq.Items[i], pointer + "/" + i, ComposePath.Index(path, i), seq.Items[i].Mark, origins));
                }

                return array;
            case ScalarNode scalar:
                return Scalar(scalar.Value);
            default:
                return null;
        }
    }

    public static JsonNode? Scalar(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        long l => JsonValue.Create(l),
        double d when double.IsFinite(d) => JsonValue.Create(d),
        double d => JsonValue.Create(d.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(value.ToString()),
    };

    private static string Escape(string key) => key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
