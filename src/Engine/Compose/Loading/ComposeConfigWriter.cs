using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Portal.Engine.Compose.Loading;

/// <summary>
/// Renders the canonical document as YAML, as the <c>config</c> action shows it. Strings that YAML would read back
/// as another type (<c>"8080"</c>, <c>"true"</c>, <c>""</c>) are quoted, so loading the output gives the same document.
/// </summary>
public static class ComposeConfigWriter
{
    /// <summary>Writes <paramref name="document"/> as one YAML document.</summary>
    public static string ToYaml(JsonObject document)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        var emitter = new Emitter(writer, new EmitterSettings(2, int.MaxValue, false, 256));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, true));
        Write(emitter, document);
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    private static void Write(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                emitter.Emit(new MappingStart(null, null, false, MappingStyle.Block));
                foreach (var (key, value) in obj)
                {
                    emitter.Emit(String(key));
                    Write(emitter, value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                emitter.Emit(new SequenceStart(null, null, false, SequenceStyle.Block));
                foreach (var item in array)
                {
                    Write(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value:
                emitter.Emit(value.GetValueKind() switch
                {
                    JsonValueKind.String => String(value.GetValue<string>()),
                    JsonValueKind.True => Plain("true"),
                    JsonValueKind.False => Plain("false"),
                    _ => Plain(value.ToJsonString()),
                });
                break;
            default:
                emitter.Emit(Plain("null"));
                break;
        }
    }

    private static Scalar Plain(string text) => new(null, null, text, ScalarStyle.Plain, true, false);

    private static Scalar String(string text)
    {
        // A plain scalar that would not read back as this same string must be quoted.
        var plainIsSafe = text.Length > 0 && ComposeYamlReader.Resolve(text) is string && text.Trim() == text &&
            !text.Contains('\n', StringComparison.Ordinal);
        return new Scalar(null, null, text, plainIsSafe ? ScalarStyle.Any : ScalarStyle.DoubleQuoted, true, true);
    }
}
