using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>
/// The Host page's live charts with a container the test keeps busy, and a stop from the details page that shows
/// "stopping…" until the engine answers (issue 15, items 4 and 6).
/// </summary>
public sealed partial class HostPageTests : BrowserScenario
{
    [Fact]
    public async Task HostPage_BusyContainer_ChartsAndTopList_ThenStopShowsStopping()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = $"e2e-host-{Session[..8]}";
        using (var http = await AdminApiAsync("e2e-host", ct))
        {
            // Busy for at most three minutes: nothing keeps spinning after a failed run. PID 1 ignores SIGTERM, so a stop waits out its timeout.
            var command = new[] { "sh", "-c", "end=$(( $(date +%s) + 180 )); while [ $(date +%s) -lt $end ]; do :; done" };
            (await http.PostAsJsonAsync("/api/v1/containers", new { image = E2EEnvironment.TestImage, name, command, labels = SessionLabels() }, ct)).EnsureSuccessStatusCode();
        }

        var baseUrl = Server.BaseUrl;
        var page = await NewPageAsync(bypassCsp: true);
        await page.SignInAsync(baseUrl, "admin", PortalServer.AdminPassword);
        await page.OpenAsync(baseUrl + "/host");

        // The busy container heads the CPU list, linked to its page.
        var top = page.Locator("[data-testid=top-cpu-row]").First;
        await Assertions.Expect(top.Locator("a")).ToHaveTextAsync(name, new() { Timeout = 30_000 });
        Assert.EndsWith($"/containers/{name}?tab=stats", await top.Locator("a").GetAttributeAsync("href"), StringComparison.Ordinal);
        // Engine-wide CPU: a line of two or more points, a figure against the engine's CPUs, a labelled axis.
        await Assertions.Expect(page.Locator("[data-testid=series-host-cpu]")).ToHaveAttributeAsync("points", TwoPoints(), new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("[data-testid=stat-host-cpu]")).ToHaveTextAsync(CpuFigure());
        await Assertions.Expect(page.Locator("[data-testid=axis-top-host-memory]")).ToHaveTextAsync(Bytes());
        // Disk use comes from the background measurement (at most every 30 s).
        await Assertions.Expect(page.Locator("[data-testid=stat-host-disk]")).ToHaveTextAsync(Bytes(), new() { Timeout = 75_000 });

        await ShootAsync(baseUrl, 1440, 900);

        // Stop from the details page: "stopping…" while the engine waits out the grace period, then the real state.
        await page.OpenAsync(baseUrl + $"/containers/{name}");
        await Assertions.Expect(page.Locator("[data-testid=state-chip]")).ToHaveTextAsync("running");
        await Assertions.Expect(page.Locator("[data-testid=details-start]")).ToBeDisabledAsync();
        await page.FillAsync("input[data-testid=details-stop-timeout]", "8");
        await page.Locator("input[data-testid=details-stop-timeout]").BlurAsync();
        await page.ClickAsync("[data-testid=details-stop]");
        await Assertions.Expect(page.Locator("[data-testid=state-chip]")).ToHaveTextAsync("stopping…", new() { Timeout = 5_000 });
        // The transitional chip reads as well as the others (contrast), checked while it shows.
        var whileStopping = await page.SeriousViolationsAsync();
        await page.ScreenshotAsync(new() { Path = ScreenshotPath("container-stopping.png") });
        Assert.True(whileStopping.Count == 0, string.Join("\n", whileStopping));
        await Assertions.Expect(page.Locator("[data-testid=state-chip]")).ToHaveTextAsync("exited", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid=details-start]")).ToBeEnabledAsync();
        await Assertions.Expect(page.Locator("[data-testid=exit-code]")).ToContainTextAsync("137");
    }

    /// <summary>
    /// The Host page at a size and at 390×844, in both schemes: no serious axe-core violation, and a screenshot of each for a
    /// person to look at (TestResults/e2e).
    /// </summary>
    private async Task ShootAsync(string baseUrl, int width, int height)
    {
        var violations = new List<string>();
        foreach (var (size, scheme) in new[] { ((width, height), ColorScheme.Light), ((width, height), ColorScheme.Dark), ((390, 844), ColorScheme.Light), ((390, 844), ColorScheme.Dark) })
        {
            var page = await NewPageAsync(size.Item1, size.Item2, scheme, bypassCsp: true);
            await page.SignInAsync(baseUrl, "admin", PortalServer.AdminPassword);
            await page.OpenAsync(baseUrl + "/host");
            await Assertions.Expect(page.Locator("[data-testid=top-cpu-row]").First).ToBeVisibleAsync(new() { Timeout = 20_000 });
            violations.AddRange((await page.SeriousViolationsAsync()).Select(v => $"{size.Item1} {scheme}: {v}"));
            await page.ScreenshotAsync(new() { Path = ScreenshotPath($"host-{size.Item1}-{scheme.ToString().ToLowerInvariant()}.png"), FullPage = true });
            await page.Context.CloseAsync();
        }

        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [GeneratedRegex(@"\S+ \S+")]
    private static partial Regex TwoPoints();

    [GeneratedRegex(@"^\d+\.\d\d % of \d+ CPUs$")]
    private static partial Regex CpuFigure();

    [GeneratedRegex(@"^\d+(\.\d+)? (B|KiB|MiB|GiB|TiB)$")]
    private static partial Regex Bytes();
}
