using System.Text;

namespace Portal.Engine.Exec;

/// <summary>
/// Keeps the first <c>limit</c> bytes of one output stream and counts the rest, so a command that
/// prints gigabytes costs Portal at most the bound.
/// </summary>
public sealed class BoundedOutput(int limit)
{
    private readonly MemoryStream _kept = new();

    /// <summary>Bytes read past the bound and dropped.</summary>
    public long Dropped { get; private set; }

    public bool Truncated => Dropped > 0;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        var room = (int)Math.Max(0, limit - _kept.Length);
        var take = Math.Min(room, bytes.Length);
        _kept.Write(bytes[..take]);
        Dropped += bytes.Length - take;
    }

    /// <summary>The kept bytes as UTF-8 text, ending with a note when bytes were dropped.</summary>
    public override string ToString()
    {
        var bytes = _kept.GetBuffer().AsSpan(0, (int)_kept.Length);
        if (Truncated)
        {
            // Do not end on half a character: drop the bytes of an incomplete trailing sequence.
            bytes = bytes[..CompleteLength(bytes)];
        }

        var text = Encoding.UTF8.GetString(bytes);
        return Truncated ? text + $"\n[output truncated: {Dropped} more bytes not shown]\n" : text;
    }

    /// <summary>Length of <paramref name="bytes"/> without a trailing incomplete UTF-8 sequence.</summary>
    internal static int CompleteLength(ReadOnlySpan<byte> bytes)
    {
        // A sequence is at most 4 bytes: look back over continuation bytes to the lead byte.
        for (var back = 1; back <= Math.Min(4, bytes.Length); back++)
        {
            var b = bytes[^back];
            if ((b & 0xC0) == 0x80)
            {
                continue;
            }

            var needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return needed > back ? bytes.Length - back : bytes.Length;
        }

        return bytes.Length;
    }
}
