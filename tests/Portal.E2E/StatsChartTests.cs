using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>The Stats tab through the browser: the CPU chart follows a busy container.</summary>
public sealed class StatsChartTests : IAsyncLifetime
{
    private readonly string _session = Guid.NewGuid().ToString("N");
    private PortalServer? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private IPage? _page;

    private string SessionLabel => $"portal-test.session={_session}";

    public async ValueTask InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(15_000);
        await E2EEnvironment.RequireAsync(TestContext.Current.CancellationToken);
        _server = new PortalServer();
        _server.Start();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = E2EEnvironment.Chromium, Args = E2EEnvironment.ChromiumArgs });
    }

    [Fact]
    public async Task StatsTab_BusyContainer_CpuChartMoves()
    {
        var name = $"e2e-busy-{_session[..8]}";
        var baseUrl = _server!.BaseUrl;
        var context = await _browser!.NewContextAsync(new() { ViewportSize = new() { Width = 1440, Height = 900 } });
        context.SetDefaultTimeout(15_000);
        _page = await context.NewPageAsync();
        await _page.SignInAsync(baseUrl, "admin", PortalServer.AdminPassword);
        await _page.OpenAsync(baseUrl + "/containers/run");
        await _page.FillAsync("#run-image", E2EEnvironment.TestImage);
        await _page.FillAsync("#run-name", name);
        await _page.FillAsync("#run-command", "sh -c 'while :; do :; done'");
        await _page.FillAsync("#run-labels", SessionLabel);
        await _page.ClickAsync("[data-testid=run-submit]");
        await _page.WaitForURLAsync($"**/containers/{name}");

        await _page.OpenAsync(baseUrl + $"/containers/{name}?tab=stats");
        var series = _page.Locator("[data-testid=series-cpu]");
        // Two points make a line; the next second's sample must change it.
        await Assertions.Expect(series).ToHaveAttributeAsync("points", new System.Text.RegularExpressions.Regex(@"\S+ \S+"), new() { Timeout = 20_000 });
        var before = await series.GetAttributeAsync("points");
        await Assertions.Expect(series).Not.ToHaveAttributeAsync("points", before!, new() { Timeout = 20_000 });

        var current = await _page.Locator("[data-testid=stat-cpu]").TextContentAsync();
        Assert.Matches(@"^\d+\.\d\d %$", current!.Trim());
        Assert.NotEqual("0.00 %", current.Trim());
        var points = (await series.GetAttributeAsync("points"))!.Split(' ');
        // The newest point sits above the baseline (y < 100 in the 100-high chart): the container is busy.
        Assert.True(double.Parse(points[^1].Split(',')[1], System.Globalization.CultureInfo.InvariantCulture) < 100, $"points: {string.Join(' ', points)}");
    }

    public async ValueTask DisposeAsync()
    {
        if (TestContext.Current.TestState?.Result is TestResult.Failed && _page is not null)
        {
            await _page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "e2e-stats-failure.png") });
        }

        await DockerCli.RemoveLabelledAsync(SessionLabel, CancellationToken.None);
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
