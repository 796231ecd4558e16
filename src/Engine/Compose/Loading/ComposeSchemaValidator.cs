using System.Text.Json;
using Json.Schema;

namespace Portal.Engine.Compose.Loading;

/// <summary>
/// Validates one file's interpolated tree against the Compose Specification schema (embedded
/// <c>compose-spec.json</c>) and maps each failure to the YAML node's file/line/column and path.
/// </summary>
internal static class ComposeSchemaValidator
{
    private const string ResourceName = "Portal.Engine.Compose.Loading.compose-spec.json";

    private static readonly Lazy<JsonSchema> s_schema = new(LoadSchema);

    public static IReadOnlyList<ComposeError> Validate(MapNode root)
    {
        var origins = new Dictionary<string, ComposeJson.Origin>(StringComparer.Ordinal);
        var json = ComposeJson.ToJson(root, origins);
        using var document = JsonDocument.Parse(json!.ToJsonString());
        // The flag format stops at the first failure and is many times faster; a valid file (the usual case) needs no more.
        if (s_schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Flag }).IsValid)
        {
            return [];
        }

        var results = s_schema.Value.Evaluate(
            document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });

        var failures = new List<(string Pointer, string Keyword, string Message)>();
        foreach (var detail in Flatten(results))
        {
            if (detail.IsValid || detail.Errors is null)
            {
                continue;
            }

            var pointer = detail.InstanceLocation.ToString();
            foreach (var (keyword, message) in detail.Errors)
            {
                failures.Add((pointer, KeywordOf(detail, keyword), message));
            }
        }

        // A oneOf/anyOf failure lists every branch; the deepest locations say what the user got wrong.
        var leaves = failures
            .Where(f => !failures.Any(o => o.Pointer.Length > f.Pointer.Length && o.Pointer.StartsWith(f.Pointer + "/", StringComparison.Ordinal)))
            .GroupBy(f => f.Pointer, StringComparer.Ordinal)
            .Select(g => g.OrderBy(f => Rank(f.Keyword)).First());

        var errors = new List<ComposeError>();
        foreach (var (pointer, keyword, message) in leaves)
        {
            var origin = Locate(origins, pointer);
            var unknownKey = keyword == "additionalProperties" || message.Contains("false schema", StringComparison.Ordinal);
            var mark = unknownKey ? origin.Key : origin.Value;
            var text = unknownKey
                ? $"additional property {LastSegment(origin.Path)} is not allowed"
                : keyword == "enum" ? $"{At(json, pointer)?.ToJsonString()} is not one of the allowed values" : message;
            errors.Add(new ComposeError(mark.File, mark.Line, mark.Column, origin.Path, text));
        }

        return errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList();
    }

    /// <summary>The failing results only: a passing node (e.g. the oneOf branch that matched) hides its subtree.</summary>
    private static IEnumerable<EvaluationResults> Flatten(EvaluationResults results)
    {
        if (results.IsValid)
        {
            yield break;
        }

        yield return results;
        foreach (var detail in results.Details ?? [])
        {
            foreach (var nested in Flatten(detail))
            {
                yield return nested;
            }
        }
    }

    private static string KeywordOf(EvaluationResults detail, string keyword)
    {
        if (keyword.Length > 0 && keyword != "false")
        {
            return keyword;
        }

        var path = detail.EvaluationPath.ToString();
        var cut = path.LastIndexOf('/');
        var last = cut >= 0 ? path[(cut + 1)..] : path;
        return int.TryParse(last, out _) || last.Length == 0 || path.Contains("/additionalProperties", StringComparison.Ordinal)
            ? (path.Contains("/additionalProperties", StringComparison.Ordinal) ? "additionalProperties" : keyword)
            : last;
    }

    private static int Rank(string keyword) => keyword switch
    {
        "additionalProperties" => 0,
        "required" => 1,
        "type" => 2,
        "enum" or "const" or "pattern" or "format" => 3,
        "oneOf" or "anyOf" => 9,
        _ => 5,
    };

    private static ComposeJson.Origin Locate(Dictionary<string, ComposeJson.Origin> origins, string pointer)
    {
        // The pointer names a node that exists in the instance; trim segments only for safety.
        var p = pointer;
        while (true)
        {
            if (origins.TryGetValue(p, out var origin))
            {
                return origin;
            }

            var cut = p.LastIndexOf('/');
            if (cut < 0)
            {
                return origins[string.Empty];
            }

            p = p[..cut];
        }
    }

    private static System.Text.Json.Nodes.JsonNode? At(System.Text.Json.Nodes.JsonNode? node, string pointer)
    {
        foreach (var raw in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node switch
            {
                System.Text.Json.Nodes.JsonObject obj => obj[segment],
                System.Text.Json.Nodes.JsonArray array when int.TryParse(segment, out var i) && i < array.Count => array[i],
                _ => null,
            };
        }

        return node;
    }

    private static string LastSegment(string path)
    {
        var cut = path.LastIndexOf('.');
        return cut >= 0 ? path[(cut + 1)..] : path;
    }

    private static JsonSchema LoadSchema()
    {
        using var stream = typeof(ComposeSchemaValidator).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        var schema = System.Text.Json.Nodes.JsonNode.Parse(stream)!.AsObject();

        // The spec file names draft-07 without the trailing '#' that JsonSchema.Net's dialect registry keys on.
        schema["$schema"] = "http://json-schema.org/draft-07/schema#";
        return JsonSchema.FromText(schema.ToJsonString());
    }
}
