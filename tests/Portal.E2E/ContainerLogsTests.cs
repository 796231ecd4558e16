using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>The Logs tab follows a running container in the browser.</summary>
public sealed partial class ContainerLogsTests : IAsyncLifetime
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
    public async Task LogsTab_LinePrintedAfterOpen_Appears()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = $"e2e-logs-{_session[..8]}";
        await RunTickerAsync(name, ct);
        var context = await _browser!.NewContextAsync(new() { ViewportSize = new() { Width = 1440, Height = 900 } });
        context.SetDefaultTimeout(15_000);
        _page = await context.NewPageAsync();
        await _page.SignInAsync(_server!.BaseUrl, "admin", PortalServer.AdminPassword);

        await _page.OpenAsync(_server.BaseUrl + $"/containers/{name}?tab=logs");
        var rows = _page.Locator("[data-testid=log-row]");
        await Assertions.Expect(rows.Filter(new() { HasText = "tick" }).First).ToBeVisibleAsync();
        var shown = await rows.AllInnerTextsAsync();
        var newest = shown.Select(t => Tick().Match(t)).Where(m => m.Success).Max(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));

        // The ticker prints once a second; two ticks on, the line cannot have existed when the page opened.
        await Assertions.Expect(rows.Filter(new() { HasTextRegex = new Regex($"^tick {newest + 2}$") })).ToHaveCountAsync(1);
        await Assertions.Expect(_page.Locator(".log-stderr", new() { HasText = "warn-on-stderr" })).ToHaveCountAsync(1);
    }

    private async Task RunTickerAsync(string name, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = new Uri(_server!.BaseUrl) };
        var login = await http.PostAsJsonAsync("/api/v1/auth/token", new { username = "admin", password = PortalServer.AdminPassword, name = "e2e-logs" }, ct);
        login.EnsureSuccessStatusCode();
        http.DefaultRequestHeaders.Authorization = new("Bearer", (await login.Content.ReadFromJsonAsync<TokenBody>(ct))!.Token);
        var labels = new Dictionary<string, string> { ["portal-test.session"] = _session };
        var command = new[] { "sh", "-c", "echo warn-on-stderr >&2; i=0; while true; do i=$((i+1)); echo tick $i; sleep 1; done" };
        (await http.PostAsJsonAsync("/api/v1/containers", new { image = E2EEnvironment.TestImage, name, command, labels }, ct)).EnsureSuccessStatusCode();
    }

    [GeneratedRegex(@"tick (\d+)")]
    private static partial Regex Tick();

    public async ValueTask DisposeAsync()
    {
        if (TestContext.Current.TestState?.Result is TestResult.Failed && _page is not null)
        {
            await _page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "e2e-logs-failure.png") });
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

    private sealed record TokenBody(int Id, string Token);
}
