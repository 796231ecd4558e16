using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>The Logs tab follows a running container in the browser.</summary>
public sealed partial class ContainerLogsTests : BrowserScenario
{
    [Fact]
    public async Task LogsTab_LinePrintedAfterOpen_Appears()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = $"e2e-logs-{Session[..8]}";
        await RunTickerAsync(name, ct);
        var page = await NewPageAsync();
        await page.SignInAsync(Server.BaseUrl, "admin", PortalServer.AdminPassword);

        await page.OpenAsync(Server.BaseUrl + $"/containers/{name}?tab=logs");
        var rows = page.Locator("[data-testid=log-row]");
        await Assertions.Expect(rows.Filter(new() { HasText = "tick" }).First).ToBeVisibleAsync();
        var shown = await rows.AllInnerTextsAsync();
        var newest = shown.Select(t => Tick().Match(t)).Where(m => m.Success).Max(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));

        // The ticker prints once a second; two ticks on, the line cannot have existed when the page opened.
        await Assertions.Expect(rows.Filter(new() { HasTextRegex = new Regex($"^tick {newest + 2}$") })).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".log-stderr", new() { HasText = "warn-on-stderr" })).ToHaveCountAsync(1);
    }

    private async Task RunTickerAsync(string name, CancellationToken ct)
    {
        using var http = await AdminApiAsync("e2e-logs", ct);
        var labels = SessionLabels();
        var command = new[] { "sh", "-c", "echo warn-on-stderr >&2; i=0; while true; do i=$((i+1)); echo tick $i; sleep 1; done" };
        (await http.PostAsJsonAsync("/api/v1/containers", new { image = E2EEnvironment.TestImage, name, command, labels }, ct)).EnsureSuccessStatusCode();
    }

    [GeneratedRegex(@"tick (\d+)")]
    private static partial Regex Tick();
}
