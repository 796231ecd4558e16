using Microsoft.Extensions.Time.Testing;
using Portal.Data.Entities;
using Portal.Engine.Docker;
using Portal.Engine.Overview;
using Portal.Engine.Pipeline;
using Portal.Engine.Stats;
using Portal.Engine.Tests.Logs;

namespace Portal.Engine.Tests.Overview;

/// <summary>The Host page's figures: engine-wide sums, the disk ring per environment, and top lists drawn only from what the viewer may see.</summary>
public sealed class HostUsageTests
{
    private static readonly DateTime s_t0 = new(2026, 12, 7, 14, 0, 0, DateTimeKind.Utc);

    private static ContainerStats Stats(string name, double cpu, ulong memory) =>
        new(name + "-id", name, "cgroup", new StatsSample(s_t0, cpu, memory, 1UL << 30, 0, 0, 0, 0, 1));

    [Fact]
    public void EngineUsage_Sum_AddsEveryContainer()
    {
        var point = EngineUsagePoint.Sum(s_t0, [Stats("a", 150, 100), Stats("b", 25.5, 300), Stats("c", 0, 0)]);

        Assert.Equal(new EngineUsagePoint(s_t0, 175.5, 400, 3), point);
        Assert.Equal(new EngineUsagePoint(s_t0, 0, 0, 0), EngineUsagePoint.Sum(s_t0, []));
    }

    [Fact]
    public void BoundedRing_MoreThanCapacity_KeepsNewestOldestFirst()
    {
        var ring = new BoundedRing<EngineUsagePoint>(StatsSampler.HistoryLength);
        for (var i = 0; i < StatsSampler.HistoryLength + 50; i++)
        {
            ring.Add(new EngineUsagePoint(s_t0.AddSeconds(i), i, 0, 0));
        }

        var kept = ring.Snapshot();
        Assert.Equal(StatsSampler.HistoryLength, kept.Length);
        Assert.Equal(50, kept[0].CpuPercent);
        Assert.Equal(StatsSampler.HistoryLength + 49, kept[^1].CpuPercent);
        Assert.True(kept.Zip(kept.Skip(1)).All(p => p.First.Time < p.Second.Time));
    }

    [Fact]
    public void DiskPoint_FromReport_TotalsEachKindAndSkipsUnmeasured()
    {
        var labels = new Dictionary<string, string>();
        var df = new DiskUsageData(1000,
            [new DiskUsageItem("i1", 700, 300, true, labels), new DiskUsageItem("i2", 600, 300, false, labels)],
            [new DiskUsageItem("c1", 10, 0, true, labels), new DiskUsageItem("c2", 5, 0, false, labels)],
            [new DiskUsageItem("v1", 200, 0, true, labels), new DiskUsageItem("v2", -1, 0, false, labels)],
            [new DiskUsageItem("b1", 40, 0, false, labels)]);

        var point = DiskUsagePoint.From(s_t0, df);

        // Images count the engine's layer total (shared layers once), not the per-image sizes.
        Assert.Equal(new DiskUsagePoint(s_t0, 1000, 15, 200, 40), point);
        Assert.Equal(1255, point.Total);
    }

    [Fact]
    public void DiskHistory_KeepsFifteenMinutesPerEnvironment()
    {
        var time = new FakeTimeProvider(s_t0);
        var history = new DiskUsageHistory(time);
        var engines = TestEngines.Create();
        var second = TestEngines.AddSecond(engines);
        for (var i = 0; i < 40; i++)
        {
            // One measurement every 30 s for 20 minutes on the local engine only.
            history.Record(engines.Local, new DiskUsagePoint(s_t0.AddSeconds(30 * i), i, 0, 0, 0));
        }

        time.SetUtcNow(s_t0.AddSeconds(30 * 39));
        var kept = history.For(engines.Local);

        Assert.Empty(history.For(second));
        Assert.All(kept, p => Assert.True(time.GetUtcNow().UtcDateTime - p.Time <= DiskUsageHistory.Window));
        Assert.Equal(31, kept.Count);
        Assert.Equal(39, kept[^1].Images);

        // Nothing measured for a long while: the old points leave the window.
        time.Advance(TimeSpan.FromMinutes(16));
        Assert.Empty(history.For(engines.Local));
    }

    [Fact]
    public void DiskHistory_ManyFastMeasurements_Bounded()
    {
        var history = new DiskUsageHistory(new FakeTimeProvider(s_t0));
        var engines = TestEngines.Create();
        for (var i = 0; i < DiskUsageHistory.MaxPoints * 2; i++)
        {
            history.Record(engines.Local, new DiskUsagePoint(s_t0.AddMilliseconds(i), i, 0, 0, 0));
        }

        Assert.Equal(DiskUsageHistory.MaxPoints, history.For(engines.Local).Count);
    }

    [Fact]
    public void Top_OrdersByFigureThenName_TakesFive()
    {
        var all = new[] { Stats("e", 5, 50), Stats("a", 90, 10), Stats("b", 90, 900), Stats("c", 1, 70), Stats("d", 60, 20), Stats("f", 0, 1000) };

        Assert.Equal(["a", "b", "d", "e", "c"], HostUsage.Top(all, s => s.CpuPercent).Select(c => c.Name));
        Assert.Equal(["f", "b", "c", "e", "d"], HostUsage.Top(all, s => s.MemoryUsed).Select(c => c.Name));
        Assert.Equal(["a"], HostUsage.Top(all, s => s.CpuPercent, 1).Select(c => c.Name));
    }

    [Fact]
    public void Compose_NonAdmin_TopFromVisibleOnly_EngineSeriesWhole()
    {
        var viewer = new Actor("u", "olivia", IsAdmin: false, new Dictionary<string, TeamRole> { ["web"] = TeamRole.Viewer });
        var admin = new Actor("a", "root", IsAdmin: true, new Dictionary<string, TeamRole>());
        // The engine-wide point counts another team's busy container; the viewer's visible list does not hold it.
        var usage = new[] { new EngineUsagePoint(s_t0, 250, 5000, 2) };
        var visible = new[] { Stats("mine", 50, 1000) };

        var forViewer = HostUsageReader.Compose(viewer, usage, [], visible);
        var forAdmin = HostUsageReader.Compose(admin, usage, [], [.. visible, Stats("theirs", 200, 4000)]);

        Assert.Equal(usage, forViewer.Usage);
        Assert.Equal(["mine"], forViewer.TopCpu.Select(c => c.Name));
        Assert.Equal(["mine"], forViewer.TopMemory.Select(c => c.Name));
        Assert.True(forViewer.TopScopedToTeams);
        Assert.Equal(["theirs", "mine"], forAdmin.TopCpu.Select(c => c.Name));
        Assert.False(forAdmin.TopScopedToTeams);
    }
}
