using System.Net.Http.Json;
using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>
/// The environments admin page in Chromium at 1440 and 390 wide: the table shows each environment's state and
/// reason, the add dialog's fields follow the kind, and no serious axe violation; screenshots for a look.
/// </summary>
public sealed class EnvironmentsPageTests : BrowserScenario
{
    [Fact]
    public async Task EnvironmentsPage_TableAndKindDependentDialog_AtBothWidths()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = "e2e-env-" + Session[..8];
        using var api = await AdminApiAsync("environments", ct);
        (await api.PostAsJsonAsync("/api/v1/environments", new { name, kind = "socket", uri = $"unix:///nonexistent/{name}.sock", description = "not running", labels = new[] { "test", "eu" } }, ct)).EnsureSuccessStatusCode();
        try
        {
            var page = await NewPageAsync(bypassCsp: true);
            await page.SignInAsync(Server.BaseUrl, "admin", PortalServer.AdminPassword);
            await page.OpenAsync(Server.BaseUrl + "/admin/environments");
            var row = page.Locator("tr", new() { HasText = name });
            await Assertions.Expect(row).ToContainTextAsync("Unavailable");
            await Assertions.Expect(row).ToContainTextAsync("No Docker engine answers");
            await Assertions.Expect(page.Locator("tr", new() { HasText = "local" }).First).ToContainTextAsync("Connected");
            Assert.Empty(await page.SeriousViolationsAsync());
            await page.ScreenshotAsync(new() { Path = ScreenshotPath("environments-1440.png") });

            await page.ClickAsync("[data-testid=create-environment]");
            await page.Locator("#env-name").WaitForAsync();
            await Assertions.Expect(page.Locator("[data-testid=env-tls-fields]")).ToHaveCountAsync(0);
            await page.ChooseAsync("env-kind", "tcp+tls");
            await Assertions.Expect(page.Locator("[data-testid=env-tls-fields]")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#env-tls-key")).ToBeVisibleAsync();
            await page.ScreenshotAsync(new() { Path = ScreenshotPath("environments-dialog-tls-1440.png") });
            await page.ChooseAsync("env-kind", "ssh");
            await Assertions.Expect(page.Locator("[data-testid=env-ssh-fields]")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("[data-testid=env-tls-fields]")).ToHaveCountAsync(0);
            Assert.Empty(await page.SeriousViolationsAsync());

            var phone = await NewPageAsync(390, 844);
            await phone.SignInAsync(Server.BaseUrl, "admin", PortalServer.AdminPassword);
            await phone.OpenAsync(Server.BaseUrl + "/admin/environments");
            await Assertions.Expect(phone.Locator("[data-testid=environments-table]")).ToContainTextAsync(name);
            await phone.ScreenshotAsync(new() { Path = ScreenshotPath("environments-390.png"), FullPage = true });
        }
        finally
        {
            await api.DeleteAsync($"/api/v1/environments/{name}", CancellationToken.None);
        }
    }
}
