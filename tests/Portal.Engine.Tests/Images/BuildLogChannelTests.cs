using System.Text;
using System.Threading.Channels;
using Docker.DotNet.Models;
using Portal.Engine.Images;
using Portal.Engine.Images.Jobs;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Tests.Images;

public sealed class BuildLogChannelTests
{
    private static readonly Actor s_actor = new("u1", "alice", false, new Dictionary<string, Portal.Data.Entities.TeamRole>());

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FastEngine_SlowReader_ChannelStaysBounded_ReadWaits_NoLineLost()
    {
        const int Lines = 10_000;
        const int Capacity = 8;
        var output = new MemoryStream(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, Lines).Select(i => $"{{\"stream\":\"line {i}\\n\"}}\r\n"))));
        var channel = Channel.CreateBounded<JSONMessage>(new BoundedChannelOptions(Capacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

        var reading = Task.Run(() => ImageBuilds.ReadMessagesAsync(output, channel.Writer, Token), Token);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (channel.Reader.Count < Capacity && !reading.IsCompleted && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Yield();
        }

        Assert.Equal(Capacity, channel.Reader.Count);
        Assert.False(reading.IsCompleted, "the engine read should wait while the channel is full");
        var received = new List<string>();
        while (received.Count < Lines)
        {
            Assert.True(channel.Reader.Count <= Capacity);
            received.Add((await channel.Reader.ReadAsync(Token)).Stream!);
        }

        await reading;
        Assert.Equal(Enumerable.Range(0, Lines).Select(i => $"line {i}\n"), received);
    }

    [Fact]
    public async Task Batches_KeepEveryLineInOrder_AndTheError()
    {
        using var job = new ImageJob("build", "app:1", s_actor, TimeProvider.System);
        var channel = Channel.CreateBounded<JSONMessage>(ImageBuilds.LogChannelCapacity);
        var batches = 0;
        var applying = ImageBuilds.ApplyInBatchesAsync(channel.Reader, batch =>
        {
            batches++;
            job.ApplyBuild(batch);
        });

        await channel.Writer.WriteAsync(ImageBuilds.ParseMessage("{\"stream\":\"Step 1/2 : FROM x\\n\"}")!, Token);
        for (var i = 0; i < 3_000; i++)
        {
            await channel.Writer.WriteAsync(ImageBuilds.ParseMessage($"{{\"stream\":\"out {i}\\n\"}}")!, Token);
        }

        await channel.Writer.WriteAsync(ImageBuilds.ParseMessage("{\"errorDetail\":{\"code\":3,\"message\":\"boom\"},\"error\":\"boom\"}")!, Token);
        channel.Writer.Complete();
        await applying;

        var log = job.Snapshot.Log!;
        Assert.Equal(3_002, log.Count);
        Assert.Equal(Enumerable.Range(0, 3_000).Select(i => $"out {i}"), log.Skip(1).Take(3_000));
        Assert.Equal("boom", job.StreamError);
        Assert.Equal("Step 1/2 : FROM x", job.Snapshot.FailedStep);
        Assert.True(batches < 3_002, $"{batches} batches for 3,002 messages");
    }

    [Theory]
    [InlineData("", null, null)]
    [InlineData("{\"aux\":{\"ID\":\"sha256:1\"}}", null, null)]
    [InlineData("{\"stream\":\"hello\\n\"}", "hello\n", null)]
    [InlineData("{\"error\":\"plain\"}", null, "plain")]
    [InlineData("{\"errorDetail\":{\"message\":\"detail\"},\"error\":\"plain\"}", null, "detail")]
    public void ParseMessage_ReadsStreamAndError(string line, string? stream, string? error)
    {
        var message = ImageBuilds.ParseMessage(line);

        Assert.Equal(stream, message?.Stream);
        Assert.Equal(error, message?.Error?.Message);
    }

    [Fact]
    public void ParseMessage_LineThatIsNotJson_KeptAsOutputNotAParserError()
    {
        var message = ImageBuilds.ParseMessage("plain text from somewhere");

        Assert.Equal("plain text from somewhere\n", message!.Stream);
        Assert.Null(message.Error);
    }
}
