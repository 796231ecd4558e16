using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Engine.Docker;
using Portal.Engine.Logs;
using Portal.TestSupport;

namespace Portal.Engine.Tests.Logs;

public sealed class LogBrokerTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeLogSource _source = new();

    // These tests are about fan-out, not pacing: every engine read leaves at once (FlushInterval zero).
    private readonly Engines _engines = TestEngines.Create();

    private LogBroker NewBroker(int ring = 1_000, int queue = 10_000, TimeSpan? poll = null) => new(_source, _engines,
        Options.Create(new LogOptions { RingBufferLines = ring, ViewerQueueLines = queue, RestartPollInterval = poll ?? TimeSpan.FromMilliseconds(10), FlushInterval = TimeSpan.Zero }),
        TimeProvider.System, NullLogger<LogBroker>.Instance);

    private static LogLine Line(int n) => new(s_t0.AddMilliseconds(n), LogStream.Stdout, "line " + n);

    [Fact]
    public async Task Subscribe_SameContainerIdOnTwoEnvironments_TwoStreamsEachOpenedInItsEnvironment()
    {
        using var broker = NewBroker();
        _engines.Local.SetId(1);
        var second = TestEngines.AddSecond(_engines);

        using var local = broker.Subscribe("c1", 100);
        using var again = broker.Subscribe("c1", 100);
        LogSubscription there;
        using (Engines.Use(second))
        {
            there = broker.Subscribe("c1", 100);
        }

        await WaitForAsync(() => _source.Active == 2);
        Assert.Equal(2, broker.WatchedContainers);
        Assert.Equal(2, broker.EngineStreamsStarted);
        // Each engine stream reads in the environment it was opened for, whoever joined it.
        Assert.Equal(["local", "second"], _source.Environments.Order(StringComparer.Ordinal));
        there.Dispose();
        await WaitForAsync(() => broker.WatchedContainers == 1);
    }

    [Fact]
    public async Task Subscribe_TwoViewers_OneEngineStreamBothGetLines()
    {
        using var broker = NewBroker();

        using var first = broker.Subscribe("c1", 100);
        using var second = broker.Subscribe("c1", 100);
        await WaitForAsync(() => _source.Active == 1);
        _source.Emit(Line(1), Line(2));

        Assert.Equal([1, 2], await ReadAsync(first, 2));
        Assert.Equal([1, 2], await ReadAsync(second, 2));
        Assert.Single(_source.Opened);
        Assert.Equal(1, broker.EngineStreamsStarted);
    }

    [Fact]
    public async Task Dispose_LastViewerLeaves_EngineStreamStopsAndBacklogGoes()
    {
        using var broker = NewBroker();
        var first = broker.Subscribe("c1", 100);
        var second = broker.Subscribe("c1", 100);
        await WaitForAsync(() => _source.Active == 1);

        first.Dispose();
        Assert.Equal(1, broker.WatchedContainers);
        Assert.Equal(1, _source.Active);
        second.Dispose();

        Assert.Equal(0, broker.WatchedContainers);
        await WaitForAsync(() => _source.Active == 0);
    }

    [Fact]
    public async Task Subscribe_Newcomer_GetsRingSnapshotThenLiveWithoutRepeats()
    {
        using var broker = NewBroker(ring: 5);
        using var first = broker.Subscribe("c1", 5);
        await WaitForAsync(() => _source.Active == 1);
        _source.Emit([.. Enumerable.Range(1, 8).Select(Line)]);
        await ReadAsync(first, 8);

        using var late = broker.Subscribe("c1", 3);
        _source.Emit(Line(9));

        Assert.Equal(["line 6", "line 7", "line 8"], late.Snapshot.Select(l => l.Text));
        Assert.Equal([9], await ReadAsync(late, 1));
    }

    [Fact]
    public async Task StalledViewer_ManyLines_QueueNeverPassesBoundAndCountsSkipped()
    {
        const int bound = 100;
        using var broker = NewBroker(ring: 10, queue: bound);
        using var stalled = broker.Subscribe("c1", 0);
        using var reader = broker.Subscribe("c1", 0);
        await WaitForAsync(() => _source.Active == 1);
        var maxSeen = 0;

        // Batches smaller than the bound, so the reading viewer keeps up and only the stalled one drops.
        for (var i = 0; i < 200; i++)
        {
            _source.Emit([.. Enumerable.Range(i * 50, 50).Select(Line)]);
            await ReadAsync(reader, 50);
            maxSeen = Math.Max(maxSeen, stalled.QueuedLines);
        }

        Assert.True(maxSeen <= bound, $"queue reached {maxSeen}");
        Assert.Equal(bound, stalled.QueuedLines);
        Assert.Equal(10_000 - bound, stalled.Skipped);
        Assert.Equal(0, reader.Skipped);
        Assert.True(stalled.TryRead(out var oldestKept));
        Assert.Equal("line " + (10_000 - bound), oldestKept[0].Text);
    }

    [Fact]
    public async Task ContainerRestarts_StreamResumesSinceLastLineWithoutRepeats()
    {
        using var broker = NewBroker();
        using var viewer = broker.Subscribe("c1", 100);
        await WaitForAsync(() => _source.Active == 1);
        _source.Emit(Line(1), Line(2));
        await ReadAsync(viewer, 2);

        _source.StopContainer();
        _source.StartContainer();
        await WaitForAsync(() => _source.Opened.Count == 2 && _source.Active == 1);
        // The engine repeats lines at the resume instant; the topic drops what it already had.
        _source.Emit(Line(2), Line(3));

        Assert.Equal([3], await ReadAsync(viewer, 1));
        Assert.Equal(s_t0.AddMilliseconds(2), _source.Opened.Last().Since);
    }

    [Fact]
    public async Task EngineAway_FollowRefused_WaitsForEngineAndContainerNotAFixedPause_ThenResumesSinceLastLine()
    {
        // A poll interval no test would wait out: resuming must come from the wait for the engine, not from the pause.
        using var broker = NewBroker(poll: TimeSpan.FromHours(1));
        using var viewer = broker.Subscribe("c1", 100);
        await WaitForAsync(() => _source.Active == 1);
        _source.Emit(Line(1));
        await ReadAsync(viewer, 1);

        _source.FailNextFollow(new Portal.Engine.Pipeline.OperationFailedException(Portal.Engine.Pipeline.OperationOutcome.EngineUnavailable, "Environment 'local' is unreachable"));
        _source.StopContainer();
        _source.StartContainer();
        await WaitForAsync(() => _source.Opened.Count == 3 && _source.Active == 1);
        _source.Emit(Line(1), Line(2));

        Assert.Equal([2], await ReadAsync(viewer, 1));
        Assert.Equal(2, _source.Waits);
        Assert.All(_source.Opened.Skip(1), o => Assert.Equal(s_t0.AddMilliseconds(1), o.Since));
    }

    [Fact]
    public async Task ContainerRemoved_ViewersComplete()
    {
        using var broker = NewBroker();
        using var viewer = broker.Subscribe("c1", 100);
        await WaitForAsync(() => _source.Active == 1);

        _source.RemoveContainer();

        await viewer.Completion.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    private static async Task<List<int>> ReadAsync(LogSubscription subscription, int count)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var numbers = new List<int>();
        while (numbers.Count < count)
        {
            if (!subscription.TryRead(out var chunk))
            {
                Assert.True(await subscription.WaitToReadAsync(timeout.Token), "the viewer's queue ended");
                continue;
            }

            numbers.AddRange(chunk.Select(line => int.Parse(line.Text["line ".Length..], System.Globalization.CultureInfo.InvariantCulture)));
        }

        return numbers;
    }

    private static Task WaitForAsync(Func<bool> condition) =>
        Poll.UntilAsync(_ => Task.FromResult(condition()), "the fake source to reach the expected state",
            TestContext.Current.CancellationToken, TimeSpan.FromSeconds(10));
}
