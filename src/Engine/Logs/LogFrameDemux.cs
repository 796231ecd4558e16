using System.Buffers.Binary;

namespace Portal.Engine.Logs;

/// <summary>
/// Removes the engine's 8-byte frame headers (stream, 3 zero bytes, big-endian payload length) from a
/// non-TTY log stream in place, keeping the payloads in order, across reads that split a header or a
/// payload anywhere. No allocation and no per-line work: a payload is one span copy.
/// </summary>
public sealed class LogFrameDemux
{
    private const int HeaderBytes = 8;

    private readonly byte[] _header = new byte[HeaderBytes];
    private int _headerFilled;
    private long _payloadLeft;

    /// <summary>
    /// Demultiplexes the next <paramref name="data"/> read from the stream: moves its payload bytes to its
    /// start and returns how many there are (the rest of <paramref name="data"/> is left as garbage).
    /// </summary>
    public int Demux(Span<byte> data)
    {
        var read = 0;
        var written = 0;
        while (read < data.Length)
        {
            if (_payloadLeft > 0)
            {
                var take = (int)Math.Min(_payloadLeft, data.Length - read);
                // Overlapping copies move like memmove; the write position never passes the read position.
                data.Slice(read, take).CopyTo(data[written..]);
                read += take;
                written += take;
                _payloadLeft -= take;
                continue;
            }

            var headerTake = Math.Min(HeaderBytes - _headerFilled, data.Length - read);
            data.Slice(read, headerTake).CopyTo(_header.AsSpan(_headerFilled));
            read += headerTake;
            _headerFilled += headerTake;
            if (_headerFilled == HeaderBytes)
            {
                _payloadLeft = BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(4));
                _headerFilled = 0;
            }
        }

        return written;
    }
}
