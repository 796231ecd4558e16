using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using Portal.Engine.Logs;

namespace Portal.Engine.Tests.Logs;

/// <summary>
/// How <see cref="LogReadSession.CopyToAsync"/> paces its writes. The engine sends every line as its own
/// chunk, so a copy that wrote whenever the next read had to wait wrote once per line; a log read
/// now goes out in full buffers, and a follower's lines wait <see cref="LogReadSession.FollowSendDelay"/>
/// for company. Every wait here is an event of the test (a read asked for, a clock moved), never a time.
/// </summary>
public sealed class LogCopyPacingTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CopyTo_LineByLineEngine_ClockStill_SendsOneWrite(bool follow)
    {
        var ct = TestContext.Current.CancellationToken;
        var body = new FedStream();
        var destination = new RecordingStream();
        var time = new FakeTimeProvider();
        using var session = new LogReadSession("c", body, tty: false, follow, time);
        var copy = session.CopyToAsync(destination, ct);

        var expected = new StringBuilder();
        for (var i = 0; i < 200; i++)
        {
            // Each line is handed over only once the copy waits for it, as a line-by-line engine's are.
            await body.ReadsAsked.Reader.ReadAsync(ct);
            var line = $"line {i}\n";
            expected.Append(line);
            body.Feed(LogFrames.Frame(1 + (i % 2), line));
        }

        await body.ReadsAsked.Reader.ReadAsync(ct);
        body.End();
        await copy;

        Assert.Equal(expected.ToString(), destination.Text);
        Assert.Equal(1, destination.Writes);
    }

    [Fact]
    public async Task CopyTo_FollowerGoesQuiet_LineLeavesOnceItsDelayPassed_WithoutTheStreamEnding()
    {
        var ct = TestContext.Current.CancellationToken;
        var body = new FedStream();
        var destination = new RecordingStream();
        var time = new FakeTimeProvider();
        using var session = new LogReadSession("c", body, tty: false, follow: true, time);
        var copy = session.CopyToAsync(destination, ct);

        await body.ReadsAsked.Reader.ReadAsync(ct);
        body.Feed(LogFrames.Frame(1, "only line\n"));
        await body.ReadsAsked.Reader.ReadAsync(ct);
        var beforeDelay = destination.Writes;
        // The copy may start its wait just after the read was asked for, so after the clock moved: move it again
        // until the line leaves (a timer started late would otherwise wait for a move that never comes).
        string? sent = null;
        for (var i = 0; i < 200 && sent is null; i++)
        {
            time.Advance(LogReadSession.FollowSendDelay);
            using var retry = CancellationTokenSource.CreateLinkedTokenSource(ct);
            retry.CancelAfter(TimeSpan.FromMilliseconds(50));
            try
            {
                sent = await destination.Written.Reader.ReadAsync(retry.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
            }
        }

        Assert.Equal(0, beforeDelay);
        Assert.Equal("only line\n", sent);
        Assert.False(copy.IsCompleted);

        body.End();
        await copy;
        Assert.Equal(1, destination.Writes);
    }

    /// <summary>A body the test feeds frame by frame; every read waits for the next frame (or the end).</summary>
    private sealed class FedStream : Stream
    {
        private readonly Channel<byte[]> _frames = Channel.CreateUnbounded<byte[]>();
        private byte[] _current = [];
        private int _offset;

        /// <summary>One item each time the copy asks for bytes and none are left.</summary>
        public Channel<bool> ReadsAsked { get; } = Channel.CreateUnbounded<bool>();

        public void Feed(byte[] frame) => _frames.Writer.TryWrite(frame);

        public void End() => _frames.Writer.TryComplete();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_offset == _current.Length)
            {
                ReadsAsked.Writer.TryWrite(true);
                if (!await _frames.Reader.WaitToReadAsync(cancellationToken))
                {
                    return 0;
                }

                _current = await _frames.Reader.ReadAsync(cancellationToken);
                _offset = 0;
            }

            var take = Math.Min(buffer.Length, _current.Length - _offset);
            _current.AsSpan(_offset, take).CopyTo(buffer.Span);
            _offset += take;
            return take;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Counts the writes it is given and hands each one's text to the test.</summary>
    private sealed class RecordingStream : MemoryStream
    {
        private int _writes;

        public int Writes => Volatile.Read(ref _writes);

        public Channel<string> Written { get; } = Channel.CreateUnbounded<string>();

        public string Text => Encoding.UTF8.GetString(ToArray());

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            Interlocked.Increment(ref _writes);
            Written.Writer.TryWrite(Encoding.UTF8.GetString(buffer.Span));
            return ValueTask.CompletedTask;
        }
    }
}
