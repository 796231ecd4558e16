using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Portal.Engine.Logs;
using Portal.TestSupport;

namespace Portal.Engine.Tests.Logs;

/// <summary>How a watched container's lines are paced to its viewers: shared chunks, at most one per flush interval.</summary>
public sealed class LogFlushTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 30, 3, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan s_interval = TimeSpan.FromMilliseconds(100);

    private readonly FakeLogSource _source = new();
    private readonly FakeTimeProvider _time = new(s_t0);

    private LogBroker NewBroker(int flushLines = 1_000, int queue = 10_000) => new(_source, TestEngines.Create(),
        Options.Create(new LogOptions { FlushInterval = s_interval, FlushLines = flushLines, ViewerQueueLines = queue }),
        _time, NullLogger<LogBroker>.Instance);

    private static LogLine Line(int n) => new(s_t0.AddMilliseconds(n), LogStream.Stdout, "line " + n);

    [Fact]
    public async Task Chatty_LinesWithinInterval_LeaveTogetherAsOneChunkSharedByEveryViewer()
    {
        using var broker = NewBroker();
        using var first = broker.Subscribe("c1", 0);
        using var second = broker.Subscribe("c1", 0);
        await WaitForAsync(() => _source.Active == 1);

        _source.Emit(Line(1));
        var quietSpell = await ReadChunkAsync(first);
        _source.Emit(Line(2));
        _source.Emit(Line(3));
        await SettledAsync();
        var heldBack = first.QueuedLines;
        _time.Advance(s_interval);
        var together = await ReadChunkAsync(first);
        var secondChunks = new[] { await ReadChunkAsync(second), await ReadChunkAsync(second) };

        Assert.Equal(["line 1"], quietSpell.Select(l => l.Text));
        Assert.Equal(0, heldBack);
        Assert.Equal(["line 2", "line 3"], together.Select(l => l.Text));
        Assert.Same(together, secondChunks[1]);
    }

    [Fact]
    public async Task Burst_FlushLinesPending_LeaveWithoutWaitingForTheInterval()
    {
        using var broker = NewBroker(flushLines: 50, queue: 100);
        using var viewer = broker.Subscribe("c1", 0);
        await WaitForAsync(() => _source.Active == 1);
        _source.Emit(Line(0));
        await ReadChunkAsync(viewer);

        // The clock never moves: only the line count can let these out, and the 100-line queue loses nothing.
        var seen = 0;
        for (var i = 0; i < 20; i++)
        {
            _source.Emit([.. Enumerable.Range(1 + (i * 50), 50).Select(Line)]);
            seen += (await ReadChunkAsync(viewer)).Count;
        }

        Assert.Equal(1_000, seen);
        Assert.Equal(0, viewer.Skipped);
    }

    [Fact]
    public async Task Newcomer_WhileLinesPending_GetsThemInItsSnapshotOnly()
    {
        using var broker = NewBroker();
        using var first = broker.Subscribe("c1", 10);
        await WaitForAsync(() => _source.Active == 1);
        _source.Emit(Line(1));
        await ReadChunkAsync(first);
        _source.Emit(Line(2));
        await SettledAsync();

        using var late = broker.Subscribe("c1", 10);
        var firstGot = await ReadChunkAsync(first);
        _time.Advance(s_interval);
        _source.Emit(Line(3));
        var lateGot = await ReadChunkAsync(late);

        Assert.Equal(["line 1", "line 2"], late.Snapshot.Select(l => l.Text));
        Assert.Equal(["line 2"], firstGot.Select(l => l.Text));
        Assert.Equal(["line 3"], lateGot.Select(l => l.Text));
    }

    [Fact]
    public void Chunk_ToJson_SerializedOnceAndSameAsAPlainList()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
        var lines = new[] { Line(1), new LogLine(null, LogStream.Stderr, "oops \u001b[31m<b>") };
        var chunk = new LogChunk(lines);

        var once = chunk.ToJson(options);

        Assert.Same(once, chunk.ToJson(options));
        Assert.Equal(JsonSerializer.Serialize(lines.ToList(), options), System.Text.Encoding.UTF8.GetString(once));
        Assert.NotSame(once, chunk.ToJson(new JsonSerializerOptions(JsonSerializerDefaults.Web)));
    }

    private static async Task<LogChunk> ReadChunkAsync(LogSubscription subscription)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        LogChunk? chunk;
        while (!subscription.TryRead(out chunk))
        {
            Assert.True(await subscription.WaitToReadAsync(timeout.Token), "the viewer's queue ended");
        }

        return chunk;
    }

    /// <summary>Waits until the topic has taken every emitted batch, and a moment more for it to publish.</summary>
    private async Task SettledAsync()
    {
        await WaitForAsync(() => _source.Unread == 0);
        await Task.Delay(100, TestContext.Current.CancellationToken);
    }

    private static Task WaitForAsync(Func<bool> condition) =>
        Poll.UntilAsync(_ => Task.FromResult(condition()), "the fake source to reach the expected state",
            TestContext.Current.CancellationToken, TimeSpan.FromSeconds(10));
}
