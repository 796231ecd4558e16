using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Data.Entities;
using Portal.Engine.Docker;
using Portal.Engine.Overview;
using Portal.Engine.Stats;
using Portal.Web.Components.Pages.Host;
using Portal.Web.Tests.Fakes;

namespace Portal.Web.Tests.Stats;

/// <summary>The Host page's live panel: engine-wide charts from the Engine's series, and top lists that link to the containers.</summary>
public sealed class HostUsagePanelTests : PortalTestContext
{
    private readonly FakeStatsOperations _stats = new();

    public HostUsagePanelTests()
    {
        Services.RemoveAll<IStatsOperations>();
        Services.AddSingleton<IStatsOperations>(_stats);
    }

    [Fact]
    public async Task HostUsage_VisibleContainersSampled_TopFiveLinkedAndDiskShown()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        var engines = Services.GetRequiredService<Engines>();
        Services.GetRequiredService<DiskUsageHistory>().Record(engines.Local, new DiskUsagePoint(DateTime.UtcNow, 3L << 20, 1L << 20, 1L << 20, 1L << 20));
        var cut = Render<HostUsagePanel>(p => p.Add(c => c.Cpus, 4).Add(c => c.MemoryTotal, 8UL << 30));
        await _stats.WatchStarted.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        _stats.Push([.. Enumerable.Range(1, 6).Select(i => Sample($"web-{i}", cpu: i * 10, memory: (ulong)(7 - i) << 20))]);

        cut.WaitForAssertion(() => Assert.Equal(5, cut.FindAll("[data-testid=top-cpu-row]").Count));
        var cpuRows = cut.FindAll("[data-testid=top-cpu-row]");
        Assert.Equal("web-6", cpuRows[0].QuerySelector("a")!.TextContent.Trim());
        Assert.EndsWith("/containers/web-6?tab=stats", cpuRows[0].QuerySelector("a")!.GetAttribute("href"), StringComparison.Ordinal);
        Assert.Contains("60.00 %", cpuRows[0].TextContent, StringComparison.Ordinal);
        Assert.Equal("web-1", cut.FindAll("[data-testid=top-memory-row]")[0].QuerySelector("a")!.TextContent.Trim());
        Assert.DoesNotContain(cut.FindAll("[data-testid=top-cpu-row]"), r => r.TextContent.Contains("web-1", StringComparison.Ordinal));
        Assert.Contains("(your teams)", cut.Find("[data-testid=top-cpu]").TextContent, StringComparison.Ordinal);
        Assert.Equal("6 MiB", cut.Find("[data-testid=stat-host-disk]").TextContent.Trim());
        Assert.Contains("images 3 MiB", cut.Find("[data-testid=host-disk-parts]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostUsage_EngineSeries_CpuAsShareOfAllCpus_MemoryAgainstTotal()
    {
        await SignInAsync("root", admin: true);
        var cut = Render<HostUsagePanel>(p => p.Add(c => c.Cpus, 4).Add(c => c.MemoryTotal, 8UL << 30));
        Assert.Equal("—", cut.Find("[data-testid=stat-host-cpu]").TextContent.Trim());
        var t0 = DateTime.UtcNow.AddSeconds(-20);
        EngineUsagePoint[] usage = [new(t0, 100, 512UL << 20, 2), new(t0.AddSeconds(10), 200, 1UL << 30, 3)];

        // One disk measurement, older than the newest pass: it holds until now, so it still draws a line.
        DiskUsagePoint[] disk = [new(t0, 1L << 30, 0, 0, 0)];

        await cut.InvokeAsync(() => cut.Instance.Show(new HostUsage(usage, disk, [], [], TopScopedToTeams: false)));
        cut.Render();

        cut.WaitForAssertion(() => Assert.Equal("50.00 % of 4 CPUs", cut.Find("[data-testid=stat-host-cpu]").TextContent.Trim()));
        Assert.Equal("1 GiB of 8 GiB", cut.Find("[data-testid=stat-host-memory]").TextContent.Trim());
        Assert.Equal(2, cut.Find("[data-testid=series-host-disk]").GetAttribute("points")!.Split(' ').Length);
        Assert.Equal("1 GiB", cut.Find("[data-testid=stat-host-disk]").TextContent.Trim());
        Assert.Equal("peak 50.00 %", cut.Find("[data-testid=peak-host-cpu]").TextContent.Trim());
        Assert.Equal("No running containers.", cut.Find("[data-testid=top-cpu] .mud-typography-body2").TextContent.Trim());
    }

    private static ContainerStats Sample(string name, double cpu, ulong memory) =>
        new(name + "-id", name, "cgroup", new StatsSample(DateTime.UtcNow, cpu, memory, 1UL << 30, 0, 0, 0, 0, 1));
}
