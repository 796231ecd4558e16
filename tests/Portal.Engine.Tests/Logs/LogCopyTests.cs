using Portal.Engine.Logs;

namespace Portal.Engine.Tests.Logs;

/// <summary>
/// <see cref="LogReadSession.CopyToAsync"/> sends exactly the payloads, in order, whatever sizes the engine's
/// reads come in, whether they complete at once or later, and however slowly the client takes the writes;
/// a follower's copy too, whether its unsent bytes go out while a read waits or only once the buffer fills.
/// </summary>
public sealed class LogCopyTests
{
    public static TheoryData<int, int, bool> Seeds()
    {
        var data = new TheoryData<int, int, bool>();
        for (var seed = 1; seed <= 60; seed++)
        {
            // Short logs end while the last read waits (the case that once sent the tail twice); long ones cross many buffers.
            data.Add(seed, seed % 2 == 0 ? 3 : 400, seed > 40);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task CopyTo_RandomReadsAndSlowWrites_SendsEveryPayloadOnce(int seed, int lines, bool follow)
    {
        var random = new Random(seed);
        var frames = new List<byte[]>();
        using var expected = new MemoryStream();
        for (var i = 0; i < lines; i++)
        {
            // Lines of every size up to the engine's 16 KiB partial-message size, and a few whole buffers' worth.
            var size = random.Next(10) == 0 ? random.Next(16_000, 70_000) : random.Next(1, 200);
            var text = new string((char)('a' + (i % 26)), size) + "\n";
            frames.Add(LogFrames.Frame(1 + (i % 2), text));
            expected.Write(System.Text.Encoding.UTF8.GetBytes(text));
        }

        var body = new JitteryStream(frames.SelectMany(f => f).ToArray(), random);
        using var session = new LogReadSession("c", body, tty: false, follow, new JumpyTime(random));
        using var destination = new SlowStream(random);
        await session.CopyToAsync(destination, TestContext.Current.CancellationToken);

        Assert.Equal(expected.Length, destination.Length);
        Assert.True(expected.ToArray().AsSpan().SequenceEqual(destination.ToArray()));
    }

    /// <summary>A clock whose every reading is either where the last one was or a second later: a follower's bytes are sometimes due at once, sometimes not.</summary>
    private sealed class JumpyTime(Random random) : TimeProvider
    {
        private long _now;

        public override long GetTimestamp() => _now += random.Next(2) * TimestampFrequency;
    }

    /// <summary>Reads of random sizes; some complete at once, others after a yield, as a socket's do.</summary>
    private sealed class JitteryStream(byte[] data, Random random) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => data.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (random.Next(3) == 0 || (_position == data.Length && random.Next(2) == 0))
            {
                await Task.Delay(1, cancellationToken);
            }

            var take = Math.Min(Math.Min(buffer.Length, random.Next(1, 40_000)), data.Length - _position);
            data.AsSpan(_position, take).CopyTo(buffer.Span);
            _position += take;
            return take;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A client that takes a while per write and reads the caller's memory only when it completes (as a stream may).</summary>
    private sealed class SlowStream(Random random) : MemoryStream
    {
        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (random.Next(2) == 0)
            {
                await Task.Delay(1, cancellationToken);
            }

            Write(buffer.Span);
        }
    }
}
