using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Compose.Model;

/// <summary>Reads the scalar shapes of the canonical document (Go durations, byte sizes, lists, maps), naming the path on error.</summary>
internal static class ComposeValues
{
    public static string? String(JsonNode? node, string path) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
        _ => throw Bad(path, "expected a string"),
    };

    public static bool Bool(JsonNode? node, string path) => node switch
    {
        null => false,
        JsonValue v when v.GetValueKind() == JsonValueKind.True => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.False => false,
        JsonValue v when v.GetValueKind() == JsonValueKind.String && bool.TryParse(v.GetValue<string>(), out var b) => b,
        _ => throw Bad(path, "expected true or false"),
    };

    public static long? Long(JsonNode? node, string path)
    {
        var text = String(node, path);
        return text is null ? null
            : long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n
            : throw Bad(path, $"expected a whole number, got '{text}'");
    }

    public static double Double(JsonNode? node, string path)
    {
        var text = String(node, path);
        return text is null ? 0
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n
            : throw Bad(path, $"expected a number, got '{text}'");
    }

    /// <summary>A list of strings; a single string is a one-item list.</summary>
    public static IReadOnlyList<string>? List(JsonNode? node, string path) => node switch
    {
        null => null,
        JsonArray a => a.Select((n, i) => String(n, $"{path}[{i}]") ?? "").ToList(),
        JsonValue => [String(node, path)!],
        _ => throw Bad(path, "expected a list"),
    };

    /// <summary>A map of strings; also accepts the <c>KEY=VALUE</c> list form.</summary>
    public static Dictionary<string, string?> Map(JsonNode? node, string path)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        switch (node)
        {
            case null:
                break;
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    result[key] = String(value, $"{path}.{key}");
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    var item = String(a[i], $"{path}[{i}]") ?? "";
                    var eq = item.IndexOf('=', StringComparison.Ordinal);
                    result[eq < 0 ? item : item[..eq]] = eq < 0 ? null : item[(eq + 1)..];
                }

                break;
            default:
                throw Bad(path, "expected a map");
        }

        return result;
    }

    public static Dictionary<string, string> StringMap(JsonNode? node, string path) =>
        Map(node, path).ToDictionary(p => p.Key, p => p.Value ?? "", StringComparer.Ordinal);

    /// <summary>A Go duration (<c>1m30s</c>, <c>500ms</c>) or a number of seconds.</summary>
    public static TimeSpan? Duration(JsonNode? node, string path)
    {
        var text = String(node, path);
        if (text is null)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        var total = TimeSpan.Zero;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            var unitStart = i;
            while (i < text.Length && !char.IsDigit(text[i]) && text[i] != '.')
            {
                i++;
            }

            if (start == unitStart || !double.TryParse(text[start..unitStart], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
            {
                throw Bad(path, $"'{text}' is not a duration such as 30s or 1m30s");
            }

            total += text[unitStart..i] switch
            {
                "h" => TimeSpan.FromHours(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "ms" => TimeSpan.FromMilliseconds(amount),
                "us" or "µs" => TimeSpan.FromMicroseconds(amount),
                "ns" => TimeSpan.FromTicks((long)(amount / 100)),
                _ => throw Bad(path, $"'{text}' is not a duration such as 30s or 1m30s"),
            };
        }

        return total;
    }

    /// <summary>Bytes as a number or with a unit (<c>512m</c>, <c>1g</c>, <c>64kb</c>).</summary>
    public static long Bytes(JsonNode? node, string path)
    {
        var text = String(node, path)?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        var digits = text.TakeWhile(c => char.IsDigit(c) || c == '.').Count();
        if (digits == 0 || !double.TryParse(text[..digits], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
        {
            throw Bad(path, $"'{text}' is not a size such as 512m or 1g");
        }

        var factor = text[digits..].TrimEnd('b', 'i') switch
        {
            "" => 1L,
            "k" => 1L << 10,
            "m" => 1L << 20,
            "g" => 1L << 30,
            "t" => 1L << 40,
            _ => throw Bad(path, $"'{text}' is not a size such as 512m or 1g"),
        };
        return (long)(amount * factor);
    }

    public static OperationFailedException Bad(string path, string message) =>
        OperationFailedException.Invalid($"{path}: {message}.");
}
