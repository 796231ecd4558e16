using System.Buffers.Binary;
using System.Text;
using CsCheck;
using Docker.DotNet;
using Portal.Engine.Logs;
using Portal.Engine.Tests.Logs;

namespace Portal.Engine.Tests.Properties;

/// <summary>
/// The log path from the engine's multiplexed frames to lines: any split of well-formed frames
/// gives back exactly the text sent, per stream; garbage ends the read without hanging; a line
/// never grows past the cap, whatever arrives.
/// </summary>
public sealed class LogFrameProperties
{
    private static readonly Gen<(int Stream, string Text)> s_frame =
        Gen.Select(Gen.Int[1, 2], Gen.String[Gen.Char["ab \n\r\t\u00e9\u4e2d"], 0, 40]);

    [Fact]
    public async Task WellFormedFrames_AnySplit_GiveBackTheTextPerStream()
    {
        await Gen.Select(s_frame.Array[0, 20], Gen.Int[1, 17]).SampleAsync(async (frames, readSize) =>
        {
            var lines = await LogFrames.ReadAllAsync(LogFrames.Multiplexed(readSize, [.. frames.Select(f => LogFrames.Frame(f.Stream, f.Text))]));

            foreach (var (stream, kind) in new[] { (1, LogStream.Stdout), (2, LogStream.Stderr) })
            {
                var sent = string.Concat(frames.Where(f => f.Stream == stream).Select(f => f.Text));
                // CRLF endings lose their CR (one, as the engine's TTY adds one).
                var pieces = sent.Split('\n');
                // The text after the last newline is a line only when there is some (the splitter flushes it).
                var expected = pieces.Take(pieces[^1].Length == 0 ? pieces.Length - 1 : pieces.Length).Select(l => l.EndsWith('\r') ? l[..^1] : l).ToList();

                Assert.Equal(expected, lines.Where(l => l.Stream == kind).Select(l => l.Text));
            }
        }, iter: 400);
    }

    [Fact]
    public async Task Garbage_EndsTheReadWithoutHanging()
    {
        var garbage = Gen.OneOf(
            Gen.Byte.Array[0, 200],
            Mutations.OfBytes([.. LogFrames.Frame(1, "hello\n"), .. LogFrames.Frame(2, "oops\n"), .. LogFrames.Frame(1, "tail")]));
        await Gen.Select(garbage, Gen.Int[1, 9]).SampleAsync(async (bytes, readSize) =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            var stream = new MultiplexedStream(new MemoryStream(bytes), multiplexed: true);
            try
            {
                await foreach (var batch in LogReader.ReadAsync(stream, 64, timeout.Token))
                {
                    Assert.All(batch, l => Assert.True(Encoding.UTF8.GetByteCount(l.Text) <= 64 * 3, $"a {l.Text.Length}-character line"));
                }
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or NotSupportedException && !timeout.IsCancellationRequested)
            {
                // The engine sent something that is not a frame: the read ends with an I/O error, which the caller handles.
            }

            Assert.False(timeout.IsCancellationRequested, "the read hung");
        }, iter: 600);
    }

    [Fact]
    public void Splitter_RandomChunks_NeverHoldMoreThanTheCap()
    {
        Gen.Select(Gen.Byte.Array[0, 300].Array[1, 10], Gen.Int[1, 64]).Sample((chunks, cap) =>
        {
            var splitter = new LogLineSplitter(parseTimestamps: true, cap);
            var output = new List<LogLine>();
            foreach (var chunk in chunks)
            {
                splitter.Append(chunk, LogStream.Stdout, output);
            }

            splitter.Flush(output);
            // The cap bounds what is carried between reads; a line complete within one read is as long as that read at most.
            var bound = cap + chunks.Max(c => c.Length);
            Assert.All(output, l => Assert.True(l.Text.Length <= bound, $"a {l.Text.Length}-character line with a bound of {bound}"));
            Assert.True(output.Sum(l => l.Text.Length) <= chunks.Sum(c => c.Length));
        }, iter: 2000);
    }

    [Fact]
    public async Task Frame_HeaderClaimingFourGigabytes_IsRefusedAtOnce_NotAllocated()
    {
        var header = new byte[8];
        header[0] = 1;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), uint.MaxValue);
        var stream = new MultiplexedStream(new MemoryStream([.. header, .. "short\n"u8]), multiplexed: true);

        var error = await Assert.ThrowsAsync<IOException>(() => LogFrames.ReadAllAsync(stream).WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));

        Assert.Contains("frame length", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
