using System.Collections;
using System.Text.Json;

namespace Portal.Engine.Logs;

/// <summary>
/// Lines a watched container printed within one flush, handed as the same object to every viewer
/// of the container. Its JSON form is made once (<see cref="ToJson"/>) and reused for each viewer
/// that sends it whole, so a hundred viewers cost one serialization, not a hundred.
/// </summary>
public sealed class LogChunk : IReadOnlyList<LogLine>
{
    private readonly LogLine[] _lines;
    // A reference, published whole: viewers on other threads read it while one of them writes it.
    private JsonCache? _json;

    public LogChunk(LogLine[] lines) => _lines = lines ?? throw new ArgumentNullException(nameof(lines));

    public int Count => _lines.Length;

    public LogLine this[int index] => _lines[index];

    /// <summary>The lines as a JSON array under <paramref name="options"/>, serialized on first use and kept.</summary>
    public byte[] ToJson(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // One options instance serves a hub protocol; a race makes the same bytes twice, harmlessly.
        if (Volatile.Read(ref _json) is { } cached && ReferenceEquals(cached.Options, options))
        {
            return cached.Json;
        }

        var json = JsonSerializer.SerializeToUtf8Bytes<IEnumerable<LogLine>>(_lines, options);
        Volatile.Write(ref _json, new JsonCache(options, json));
        return json;
    }

    /// <summary>The newest <paramref name="count"/> lines as a chunk of their own.</summary>
    internal LogChunk Last(int count) => count >= _lines.Length ? this : new LogChunk(_lines[^count..]);

    public IEnumerator<LogLine> GetEnumerator() => ((IEnumerable<LogLine>)_lines).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _lines.GetEnumerator();

    private sealed record JsonCache(JsonSerializerOptions Options, byte[] Json);
}
