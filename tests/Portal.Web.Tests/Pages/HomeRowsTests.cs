using Portal.Engine.Docker;
using Portal.Engine.Events;
using Portal.Engine.Overview;
using Portal.Web.Components.Pages.Home;

namespace Portal.Web.Tests.Pages;

/// <summary>The home page's environment cards: a connected environment with its figures, an unreachable one with since-when and why.</summary>
public sealed class HomeRowsTests : PortalTestContext
{
    private static readonly DateTime s_at = new(2026, 12, 7, 12, 4, 5, DateTimeKind.Utc);

    [Fact]
    public void Rows_ConnectedAndUnreachable_ShowStateFiguresReasonAndLinks()
    {
        var connected = new EnvironmentOverview("local", EngineState.Connected, null, s_at, "20.10.24", "1.41", 3, 2,
            new EngineFacts(4, 8L << 30, "/var/lib/docker", "20.10.24", "1.41", s_at),
            new EnvironmentUsage(200, 1UL << 30, 3, s_at), (50UL << 30, 100UL << 30), null,
            new EngineEventSeen(s_at, "container", "start", "web-1"));
        var dead = new EnvironmentOverview("prod", EngineState.Unavailable, "No Docker engine answers at tcp://prod:2376: is dockerd running?", s_at,
            "24.0.7", "1.43", 1, 0, null, null, null, "The engine runs on another host: Portal cannot see its disk.", null);

        var cut = Render<EnvironmentRows>(p => p.Add(r => r.Rows, [connected, dead]));

        var cards = cut.FindAll("[data-testid=home-env]");
        Assert.Equal(["local", "prod"], cards.Select(c => c.GetAttribute("data-env")));
        Assert.Equal(["connected", "unreachable"], cards.Select(c => c.GetAttribute("data-state")));
        var local = cards[0];
        Assert.Equal("/containers?env=local", local.QuerySelector("[data-testid=home-env-link]")!.GetAttribute("href"));
        Assert.Equal("Docker 20.10.24 · API 1.41", local.QuerySelector("[data-testid=home-env-version]")!.TextContent.Trim());
        Assert.Equal("3 running · 2 stopped", local.QuerySelector("[data-testid=home-env-containers]")!.TextContent.Trim());
        Assert.StartsWith("4 CPUs", local.QuerySelector("[data-testid=home-env-host]")!.TextContent.Trim(), StringComparison.Ordinal);
        // 200 % of one CPU on a 4-CPU engine is half of it.
        Assert.Contains("CPU 50.00 %", local.QuerySelector("[data-testid=home-env-usage]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("free of", local.QuerySelector("[data-testid=home-env-disk]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Last event 12:04:05 UTC: container start web-1", local.QuerySelector("[data-testid=home-env-event]")!.TextContent.Trim());
        Assert.Null(local.QuerySelector("[data-testid=home-env-reason]"));

        var prod = cards[1];
        Assert.Equal("Unreachable since 12:04:05 UTC: No Docker engine answers at tcp://prod:2376: is dockerd running?",
            prod.QuerySelector("[data-testid=home-env-reason]")!.TextContent.Trim());
        Assert.Equal("Docker 24.0.7 · API 1.43", prod.QuerySelector("[data-testid=home-env-version]")!.TextContent.Trim());
        Assert.Equal("Free disk: —", prod.QuerySelector("[data-testid=home-env-disk]")!.TextContent.Trim());
        Assert.Equal("The engine runs on another host: Portal cannot see its disk.", prod.QuerySelector("[data-testid=home-env-disk]")!.GetAttribute("title"));
        Assert.Equal("Use: —", prod.QuerySelector("[data-testid=home-env-usage]")!.TextContent.Trim());
        Assert.Equal("1 running · 0 stopped", prod.QuerySelector("[data-testid=home-env-containers]")!.TextContent.Trim());
    }

    [Fact]
    public void Rows_None_SaysNoEnvironmentIsGranted()
    {
        var cut = Render<EnvironmentRows>(p => p.Add(r => r.Rows, []));

        Assert.Contains("No environment is granted", cut.Find("[data-testid=home-none]").TextContent, StringComparison.Ordinal);
    }
}
