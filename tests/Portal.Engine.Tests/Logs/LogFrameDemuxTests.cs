using System.Text;
using Portal.Engine.Logs;

namespace Portal.Engine.Tests.Logs;

public sealed class LogFrameDemuxTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(13)]
    [InlineData(4096)]
    public void Demux_ReadsSplitAnywhere_PayloadsInOrder(int readSize)
    {
        var frames = new[] { LogFrames.Frame(1, "out 1\n"), LogFrames.Frame(2, "err 1\n"), LogFrames.Frame(1, ""), LogFrames.Frame(1, new string('x', 70_000) + "\n"), LogFrames.Frame(2, "no newline") };
        var body = frames.SelectMany(f => f).ToArray();
        var demux = new LogFrameDemux();
        var output = new List<byte>();

        for (var at = 0; at < body.Length; at += readSize)
        {
            var chunk = body.AsSpan(at, Math.Min(readSize, body.Length - at)).ToArray();
            var kept = demux.Demux(chunk);
            output.AddRange(chunk.AsSpan(0, kept).ToArray());
        }

        Assert.Equal("out 1\nerr 1\n" + new string('x', 70_000) + "\nno newline", Encoding.UTF8.GetString(output.ToArray()));
    }
}
