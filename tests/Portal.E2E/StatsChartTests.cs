using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>The Stats tab through the browser: the CPU chart follows a busy container.</summary>
public sealed class StatsChartTests : BrowserScenario
{
    [Fact]
    public async Task StatsTab_BusyContainer_CpuChartMoves()
    {
        var name = $"e2e-busy-{Session[..8]}";
        var baseUrl = Server.BaseUrl;
        var page = await NewPageAsync();
        await page.SignInAsync(baseUrl, "admin", PortalServer.AdminPassword);
        await page.OpenAsync(baseUrl + "/containers/run");
        await page.FillAsync("#run-image", E2EEnvironment.TestImage);
        await page.FillAsync("#run-name", name);
        await page.FillAsync("#run-command", "sh -c 'while :; do :; done'");
        await page.FillAsync("#run-labels", SessionLabel);
        await page.ClickAsync("[data-testid=run-submit]");
        await page.WaitForURLAsync($"**/containers/{name}");

        await page.OpenAsync(baseUrl + $"/containers/{name}?tab=stats");
        var series = page.Locator("[data-testid=series-cpu]");
        // Two points make a line; the next second's sample must change it.
        await Assertions.Expect(series).ToHaveAttributeAsync("points", new System.Text.RegularExpressions.Regex(@"\S+ \S+"), new() { Timeout = 20_000 });
        var before = await series.GetAttributeAsync("points");
        await Assertions.Expect(series).Not.ToHaveAttributeAsync("points", before!, new() { Timeout = 20_000 });

        var current = await page.Locator("[data-testid=stat-cpu]").TextContentAsync();
        Assert.Matches(@"^\d+\.\d\d %$", current!.Trim());
        Assert.NotEqual("0.00 %", current.Trim());
        var points = (await series.GetAttributeAsync("points"))!.Split(' ');
        // The newest point sits above the baseline (y < 100 in the 100-high chart): the container is busy.
        Assert.True(double.Parse(points[^1].Split(',')[1], System.Globalization.CultureInfo.InvariantCulture) < 100, $"points: {string.Join(' ', points)}");
        // Its axes say what they measure.
        await Assertions.Expect(page.Locator("[data-testid=axis-top-cpu]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+\.\d\d %$"));
        await Assertions.Expect(page.Locator("[data-testid=peak-cpu]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^peak \d+\.\d\d %$"));
        await page.ScreenshotAsync(new() { Path = ScreenshotPath("stats-charts.png"), FullPage = true });
    }
}
