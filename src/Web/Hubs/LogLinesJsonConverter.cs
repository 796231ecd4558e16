using System.Text.Json;
using System.Text.Json.Serialization;
using Portal.Engine.Logs;

namespace Portal.Web.Hubs;

/// <summary>
/// Writes a <see cref="LogBatch"/>'s lines for hub clients: a shared <see cref="LogChunk"/> as the
/// bytes it serialized once for every viewer, any other list as usual. The wire format is the same.
/// </summary>
public sealed class LogLinesJsonConverter : JsonConverter<IReadOnlyList<LogLine>>
{
    public override IReadOnlyList<LogLine>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize<List<LogLine>>(ref reader, options);

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<LogLine> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is LogChunk chunk)
        {
            writer.WriteRawValue(chunk.ToJson(options), skipInputValidation: true);
        }
        else
        {
            JsonSerializer.Serialize<IEnumerable<LogLine>>(writer, value, options);
        }
    }
}
