using System.Text;

namespace Portal.Engine.Logs;

/// <summary>
/// Turns demultiplexed chunks into lines. A chunk may end mid-line (a frame or a read boundary),
/// so the unfinished tail of each stream is carried to the next chunk of the same stream;
/// stdout and stderr keep separate tails so interleaved frames never mix their halves.
/// </summary>
/// <remarks>A tail longer than <c>maxLineBytes</c> is emitted as a line of its own, so memory stays bounded.</remarks>
public sealed class LogLineSplitter(bool parseTimestamps, int maxLineBytes = 64 * 1024)
{
    private readonly Pending _stdout = new();
    private readonly Pending _stderr = new();

    /// <summary>Appends <paramref name="chunk"/> of <paramref name="stream"/>; complete lines go to <paramref name="output"/>.</summary>
    public void Append(ReadOnlySpan<byte> chunk, LogStream stream, List<LogLine> output)
    {
        var pending = stream == LogStream.Stderr ? _stderr : _stdout;
        while (chunk.Length > 0)
        {
            var newline = chunk.IndexOf((byte)'\n');
            if (newline < 0)
            {
                pending.Add(chunk);
                while (pending.Length >= maxLineBytes)
                {
                    output.Add(Parse(pending.Take(maxLineBytes), stream));
                }

                return;
            }

            if (pending.Length == 0)
            {
                output.Add(Parse(chunk[..newline], stream));
            }
            else
            {
                pending.Add(chunk[..newline]);
                output.Add(Parse(pending.Take(pending.Length), stream));
            }

            chunk = chunk[(newline + 1)..];
        }
    }

    /// <summary>Emits whatever unfinished lines remain (the stream ended without a final newline).</summary>
    public void Flush(List<LogLine> output)
    {
        if (_stdout.Length > 0)
        {
            output.Add(Parse(_stdout.Take(_stdout.Length), LogStream.Stdout));
        }

        if (_stderr.Length > 0)
        {
            output.Add(Parse(_stderr.Take(_stderr.Length), LogStream.Stderr));
        }
    }

    private LogLine Parse(ReadOnlySpan<byte> line, LogStream stream)
    {
        DateTimeOffset? timestamp = null;
        if (parseTimestamps)
        {
            var prefix = LogTimestamps.TryParsePrefix(line, out var parsed);
            if (prefix > 0)
            {
                timestamp = parsed;
                line = line[prefix..];
            }
        }

        if (line.Length > 0 && line[^1] == '\r')
        {
            line = line[..^1];
        }

        // '\n' never occurs inside a UTF-8 sequence, so each line decodes on its own.
        return new LogLine(timestamp, stream, Encoding.UTF8.GetString(line));
    }

    private sealed class Pending
    {
        private byte[] _buffer = [];

        public int Length { get; private set; }

        public void Add(ReadOnlySpan<byte> bytes)
        {
            if (Length + bytes.Length > _buffer.Length)
            {
                Array.Resize(ref _buffer, Math.Max(Length + bytes.Length, Math.Max(256, _buffer.Length * 2)));
            }

            bytes.CopyTo(_buffer.AsSpan(Length));
            Length += bytes.Length;
        }

        /// <summary>Removes and returns the first <paramref name="count"/> bytes (valid until the next call).</summary>
        public ReadOnlySpan<byte> Take(int count)
        {
            var taken = _buffer.AsSpan(0, count).ToArray();
            _buffer.AsSpan(count, Length - count).CopyTo(_buffer);
            Length -= count;
            return taken;
        }
    }
}
