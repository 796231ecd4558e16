using System.Buffers.Binary;
using System.Text;
using Docker.DotNet;

namespace Portal.Engine.Tests.Logs;

/// <summary>Builds engine log bodies: multiplexed frames as the daemon sends them, read back in tiny pieces.</summary>
internal static class LogFrames
{
    public static byte[] Frame(int stream, string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        var frame = new byte[8 + payload.Length];
        frame[0] = (byte)stream;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)payload.Length);
        payload.CopyTo(frame, 8);
        return frame;
    }

    public static MultiplexedStream Multiplexed(int readSize, params byte[][] frames) =>
        new(new TrickleStream(frames.SelectMany(f => f).ToArray(), readSize), multiplexed: true);

    public static MultiplexedStream Raw(int readSize, string text) =>
        new(new TrickleStream(Encoding.UTF8.GetBytes(text), readSize), multiplexed: false);

    public static async Task<List<Engine.Logs.LogLine>> ReadAllAsync(MultiplexedStream stream)
    {
        var lines = new List<Engine.Logs.LogLine>();
        await foreach (var batch in Engine.Logs.LogReader.ReadAsync(stream, 64 * 1024, TestContext.Current.CancellationToken))
        {
            lines.AddRange(batch);
        }

        return lines;
    }

    /// <summary>A stream that hands out at most <c>readSize</c> bytes per read, so frames and lines split across reads.</summary>
    private sealed class TrickleStream(byte[] data, int readSize) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => data.Length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, readSize), data.Length - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer, offset, count));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
