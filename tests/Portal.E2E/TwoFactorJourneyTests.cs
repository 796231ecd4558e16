using Microsoft.Playwright;
using Portal.TestSupport;

namespace Portal.E2E;

/// <summary>
/// The two-factor page lives in the app shell like the account page; turning the authenticator on keeps this session
/// signed in (the cookie is renewed on the way back to the page, which shows the recovery codes once), and the next
/// sign-in asks for the code.
/// </summary>
public sealed class TwoFactorJourneyTests : BrowserScenario
{
    private const string Password = "e2e-totp-pw";

    [Fact]
    public async Task TwoFactorPage_InTheShell_TurnOn_SessionStays_NextSignInAsksForTheCode()
    {
        var ct = TestContext.Current.CancellationToken;
        var suffix = Session[..8];
        var (team, user) = ($"e2e-tf-{suffix}", $"op-tf-{suffix}");
        await CreateTeamAndOperatorThroughApiAsync(team, user, Password, ct);
        var baseUrl = Server.BaseUrl;

        var page = await NewPageAsync();
        await page.SignInAsync(baseUrl, user, Password);
        await page.OpenAsync(baseUrl + "/account");
        await page.ClickAsync("[data-testid=account-two-factor]");
        await page.WaitForURLAsync(baseUrl + "/account/two-factor");
        await page.WaitInteractiveAsync();

        // In the shell: the app bar with the signed-in person, the navigation, the page's own heading.
        await Assertions.Expect(page.Locator(".mud-appbar [data-testid=signed-in-user]")).ToHaveTextAsync(user);
        await Assertions.Expect(page.Locator(".mud-drawer")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Two-factor sign-in");
        await Assertions.Expect(page.Locator(".plain-appbar")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = ScreenshotPath("two-factor-off-1440.png"), FullPage = true });

        var secret = (await page.Locator("[data-testid=totp-secret]").TextContentAsync() ?? "").Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        Assert.NotEmpty(secret);
        await page.FillAsync("#enable-code", Totp.Code(secret, DateTimeOffset.UtcNow));
        await page.ClickAsync("[data-testid=totp-enable]");

        // Back on the page after the renewal: on, the codes once, still signed in.
        await Assertions.Expect(page.Locator("[data-testid=totp-enabled]")).ToBeVisibleAsync();
        await page.WaitInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=recovery-codes] li")).ToHaveCountAsync(10);
        await Assertions.Expect(page.Locator("[data-testid=totp-message]")).ToContainTextAsync("Two-factor sign-in is on");
        Assert.Equal("/account/two-factor", new Uri(page.Url).AbsolutePath);
        await Assertions.Expect(page.Locator(".mud-appbar [data-testid=signed-in-user]")).ToHaveTextAsync(user);
        await page.ScreenshotAsync(new() { Path = ScreenshotPath("two-factor-on-1440.png"), FullPage = true });

        // The circuit re-checks the session every 5 s: past that, and on a fresh load, this session is still signed in.
        await Task.Delay(TimeSpan.FromSeconds(6), ct);
        await Assertions.Expect(page.Locator("[data-testid=totp-enabled]")).ToBeVisibleAsync();
        await page.OpenAsync(baseUrl + "/containers");
        Assert.Equal("/containers", new Uri(page.Url).AbsolutePath);
        await Assertions.Expect(page.Locator("[data-testid=signed-in-user]")).ToHaveTextAsync(user);
        await page.OpenAsync(baseUrl + "/account/two-factor");
        await Assertions.Expect(page.Locator("[data-testid=recovery-codes]")).ToHaveCountAsync(0);

        // The next sign-in asks for the code after the password.
        var next = await NewPageAsync(390, 844);
        await next.GotoAsync(baseUrl + "/login?ReturnUrl=%2Fimages");
        await next.FillAsync("#username", user);
        await next.FillAsync("#password", Password);
        await next.ClickAsync("[data-testid=login-submit]");
        await next.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/login/code");
        await next.FillAsync("#code", Totp.Code(secret, DateTimeOffset.UtcNow));
        await next.ClickAsync("[data-testid=login-code-submit]");
        await next.WaitForURLAsync(baseUrl + "/images");
        await next.WaitInteractiveAsync();
        await next.OpenAsync(baseUrl + "/account/two-factor");
        await Assertions.Expect(next.Locator("[data-testid=totp-enabled]")).ToBeVisibleAsync();
        await next.ScreenshotAsync(new() { Path = ScreenshotPath("two-factor-on-390.png"), FullPage = true });
    }
}
