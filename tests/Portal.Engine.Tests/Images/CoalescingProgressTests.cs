using Docker.DotNet.Models;
using Portal.Engine.Images.Jobs;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Tests.Images;

public sealed class CoalescingProgressTests
{
    private static readonly Actor s_actor = new("u1", "alice", false, new Dictionary<string, Portal.Data.Entities.TeamRole>());

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FastProducer_SlowConsumer_PendingStaysBounded_LatestPerLayerWins()
    {
        var progress = new CoalescingProgress();
        using var job = new ImageJob("pull", "app:1", s_actor, TimeProvider.System);

        // 100,000 reports over 8 layers with nobody reading: a growing queue would hold them all.
        var maxPending = 0;
        for (var i = 1; i <= 100_000; i++)
        {
            progress.Report(new JSONMessage { ID = $"layer{i % 8}", Status = "Downloading", Progress = new JSONProgress { Current = i, Total = 200_000 } });
            progress.Report(new JSONMessage { Status = $"status {i}" });
            maxPending = Math.Max(maxPending, progress.Pending);
        }

        progress.Complete();
        var batch = await progress.TakeAsync(Token);
        job.Apply(batch);

        Assert.Equal(9, maxPending);
        Assert.Equal(9, batch.Count);
        Assert.Equal(0, progress.Dropped);
        Assert.Equal(Enumerable.Range(1, 8).Select(i => $"layer{i % 8}"), job.Snapshot.Layers.Select(l => l.Id));
        Assert.Equal(100_000, job.Snapshot.Layers.Single(l => l.Id == "layer0").Current);
        Assert.Equal(99_999, job.Snapshot.Layers.Single(l => l.Id == "layer7").Current);
        Assert.Equal("status 100000", job.Snapshot.Status);
        Assert.Empty(await progress.TakeAsync(Token));
    }

    [Fact]
    public async Task ConcurrentConsumer_EndsWithTheSameStateAsApplyingEveryMessage()
    {
        var progress = new CoalescingProgress();
        using var coalesced = new ImageJob("pull", "app:1", s_actor, TimeProvider.System);
        using var direct = new ImageJob("pull", "app:1", s_actor, TimeProvider.System);
        var consumer = Task.Run(async () =>
        {
            while (await progress.TakeAsync(Token) is { Count: > 0 } batch)
            {
                coalesced.Apply(batch);
            }
        }, Token);

        for (var i = 0; i < 20_000; i++)
        {
            var message = new JSONMessage { ID = $"l{i % 5}", Status = i >= 19_995 ? "Pull complete" : "Extracting", Progress = new JSONProgress { Current = i, Total = 20_000 } };
            progress.Report(message);
            direct.Apply(message);
            Assert.True(progress.Pending <= CoalescingProgress.Capacity);
        }

        progress.Complete();
        await consumer;

        Assert.Equal(direct.Snapshot.Layers, coalesced.Snapshot.Layers);
        Assert.All(coalesced.Snapshot.Layers, l => Assert.True(l.Done));
    }

    [Fact]
    public async Task Errors_FirstKept_NewKeysPastCapacityDroppedAndCounted()
    {
        var progress = new CoalescingProgress();
        using var job = new ImageJob("pull", "app:1", s_actor, TimeProvider.System);

        progress.Report(new JSONMessage { Error = new JSONError { Message = "first" } });
        progress.Report(new JSONMessage { Error = new JSONError { Message = "second" } });
        for (var i = 0; i < CoalescingProgress.Capacity + 10; i++)
        {
            progress.Report(new JSONMessage { ID = $"l{i}", Status = "Waiting" });
        }

        Assert.Equal(CoalescingProgress.Capacity, progress.Pending);
        Assert.Equal(11, progress.Dropped);
        job.Apply(await progress.TakeAsync(Token));
        Assert.Equal("first", job.StreamError);
    }
}
