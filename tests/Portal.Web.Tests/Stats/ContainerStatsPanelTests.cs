using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Data.Entities;
using Portal.Engine.Stats;
using Portal.Web.Components.Pages.Containers;
using Portal.Web.Tests.Fakes;

namespace Portal.Web.Tests.Stats;

/// <summary>The Stats tab follows the container's state: sampling starts when it starts with the tab open, and stops when it stops.</summary>
public sealed class ContainerStatsPanelTests : PortalTestContext
{
    private readonly FakeStatsOperations _stats = new();

    public ContainerStatsPanelTests()
    {
        Services.RemoveAll<IStatsOperations>();
        Services.AddSingleton<IStatsOperations>(_stats);
    }

    [Fact]
    public async Task StatsPanel_ContainerStartsWhileOpen_WatchStartsAndChartsFill_StopsWithTheContainer()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        var cut = Render<ContainerStatsPanel>(p => p.Add(c => c.ContainerId, "c-1").Add(c => c.Running, false));
        cut.Find("[data-testid=stats-not-running]");
        Assert.Empty(_stats.Watches);

        cut.Render(p => p.Add(c => c.ContainerId, "c-1").Add(c => c.Running, true));
        await _stats.WatchStarted.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        _stats.Push(new ContainerStats("c-1", "web-1", "cgroup", new StatsSample(DateTime.UtcNow, 12.5, 1024, 4096, 0, 0, 0, 0, 1)));

        cut.WaitForAssertion(() => Assert.Contains("12.50 %", cut.Markup, StringComparison.Ordinal));
        Assert.Equal(["c-1"], _stats.Watches);

        cut.Render(p => p.Add(c => c.ContainerId, "c-1").Add(c => c.Running, false));

        await _stats.WatchEnded.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(0, _stats.Active);
        cut.Find("[data-testid=stats-not-running]");
    }
}
