using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>
/// The web terminal through the browser: xterm.js, the exec hub and a real container, with the
/// browser talking to Portal only through a reverse proxy (as a team behind nginx would).
/// </summary>
public sealed partial class TerminalTests : BrowserScenario
{
    [Fact]
    public async Task TypingEchoHello_ShowsHelloOnItsOwnLine()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = $"e2e-term-{Session[..8]}";
        await using var proxy = await ReverseProxy.StartAsync(Server.BaseUrl, ct);
        var baseUrl = proxy.BaseUrl;
        await RunSleeperAsync(name, ct);
        var page = await NewPageAsync(1280, 900);

        await page.SignInAsync(baseUrl, "admin", PortalServer.AdminPassword);
        await page.OpenAsync($"{baseUrl}/containers/{name}?tab=terminal");
        await page.ClickAsync("[data-testid=terminal-connect]");
        await Assertions.Expect(page.Locator("[data-testid=terminal-status]")).ToContainTextAsync("Connected");
        await page.Locator("[data-testid=terminal] .xterm").ClickAsync();
        await page.Keyboard.TypeAsync("echo hello");
        await page.Keyboard.PressAsync("Enter");

        // The typed line reads "… echo hello"; only the command's output is a row that is just "hello".
        await Assertions.Expect(page.Locator("[data-testid=terminal] .xterm-rows > div").Filter(new() { HasTextRegex = HelloLine() })).ToHaveCountAsync(1);

        // Another tab and back: the same session, its screen and its shell still there.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Logs" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=terminal-panel]")).ToBeHiddenAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Terminal" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=terminal-keepalive]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=terminal-status]")).ToContainTextAsync("Connected");
        await Assertions.Expect(page.Locator("[data-testid=terminal] .xterm-rows > div").Filter(new() { HasTextRegex = HelloLine() })).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new() { Path = ScreenshotPath("terminal-after-tab-switch.png") });
        await page.Locator("[data-testid=terminal] .xterm").ClickAsync();
        await page.Keyboard.TypeAsync("exit 4");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=terminal-status]")).ToHaveTextAsync("Process exited with code 4.");
    }

    private async Task RunSleeperAsync(string name, CancellationToken ct)
    {
        using var http = await AdminApiAsync("e2e-terminal", ct);
        var run = await http.PostAsJsonAsync("/api/v1/containers", new
        {
            image = E2EEnvironment.TestImage,
            name,
            command = new[] { "sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait" },
            labels = SessionLabels(),
        }, ct);
        run.EnsureSuccessStatusCode();
    }

    [GeneratedRegex(@"^\s*hello\s*$")]
    private static partial Regex HelloLine();
}
