using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Engine.Compose.Loading;

namespace Portal.Engine.Compose.Stacks;

/// <summary>
/// Stand-in until the YAML loader (branch compose-load) is registered: accepts one file that already
/// holds the canonical document as JSON (what <c>docker compose config --format json</c> prints) and
/// reports anything else as an error. Registered with TryAdd, so the real loader replaces it.
/// </summary>
public sealed class CanonicalJsonComposeLoader : IComposeLoader
{
    public ComposeLoadResult Load(ComposeLoadRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Files.Count != 1)
        {
            return Fail(request.Files.FirstOrDefault()?.Name ?? "compose.json", "Without the YAML loader, a stack has exactly one file holding the canonical JSON document.");
        }

        var file = request.Files[0];
        try
        {
            if (JsonNode.Parse(file.Content) is not JsonObject document)
            {
                return Fail(file.Name, "The file must hold one JSON object (the canonical compose document).");
            }

            if (request.ProjectName is { } name)
            {
                document["name"] = name;
            }

            return new ComposeLoadResult(document, []);
        }
        catch (JsonException ex)
        {
            return new ComposeLoadResult(null, [new ComposeError(file.Name, (int)(ex.LineNumber ?? 0) + 1, (int)(ex.BytePositionInLine ?? 0) + 1, "",
                "This Portal build reads compose files in canonical JSON form only (YAML arrives with the compose loader): " + ex.Message)]);
        }
    }

    private static ComposeLoadResult Fail(string file, string message) => new(null, [new ComposeError(file, 0, 0, "", message)]);
}
