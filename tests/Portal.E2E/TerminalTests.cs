using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>The web terminal through the browser: xterm.js, the exec hub and a real container.</summary>
public sealed partial class TerminalTests : IAsyncLifetime
{
    private readonly string _session = Guid.NewGuid().ToString("N");
    private PortalServer? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

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
    public async Task TypingEchoHello_ShowsHelloOnItsOwnLine()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = $"e2e-term-{_session[..8]}";
        var baseUrl = _server!.BaseUrl;
        await RunSleeperAsync(baseUrl, name, ct);
        var context = await _browser!.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();

        await page.SignInAsync(baseUrl, "admin", PortalServer.AdminPassword);
        await page.OpenAsync($"{baseUrl}/containers/{name}?tab=terminal");
        await page.ClickAsync("[data-testid=terminal-connect]");
        await Assertions.Expect(page.Locator("[data-testid=terminal-status]")).ToContainTextAsync("Connected");
        await page.Locator("[data-testid=terminal] .xterm").ClickAsync();
        await page.Keyboard.TypeAsync("echo hello");
        await page.Keyboard.PressAsync("Enter");

        // The typed line reads "… echo hello"; only the command's output is a row that is just "hello".
        await Assertions.Expect(page.Locator("[data-testid=terminal] .xterm-rows > div").Filter(new() { HasTextRegex = HelloLine() })).ToHaveCountAsync(1);
        await page.Keyboard.TypeAsync("exit 4");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=terminal-status]")).ToHaveTextAsync("Process exited with code 4.");
        await context.CloseAsync();
    }

    private async Task RunSleeperAsync(string baseUrl, string name, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var login = await http.PostAsJsonAsync("/api/v1/auth/token", new { username = "admin", password = PortalServer.AdminPassword, name = "e2e-terminal" }, ct);
        login.EnsureSuccessStatusCode();
        http.DefaultRequestHeaders.Authorization = new("Bearer", (await login.Content.ReadFromJsonAsync<TokenBody>(ct))!.Token);
        var label = SessionLabel.Split('=');
        var run = await http.PostAsJsonAsync("/api/v1/containers", new
        {
            image = E2EEnvironment.TestImage,
            name,
            command = new[] { "sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait" },
            labels = new Dictionary<string, string> { [label[0]] = label[1] },
        }, ct);
        run.EnsureSuccessStatusCode();
    }

    [GeneratedRegex(@"^\s*hello\s*$")]
    private static partial Regex HelloLine();

    public async ValueTask DisposeAsync()
    {
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
