using System.Web;
using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>Issue 15 item 1: every page sends a signed-out visitor to the sign-in page and back again after it.</summary>
public sealed class FrontDoorTests : BrowserScenario
{
    [Fact]
    public async Task SignedOut_EveryPage_RedirectsToLogin_WrongPasswordKeepsName_ThenBackToThePage()
    {
        var baseUrl = Server.BaseUrl;
        var page = await NewPageAsync();
        var ghost = new PageObjects("e2e-none", "e2e-none:latest", "e2e-none", "e2e-none", "e2e-none");
        var wrong = new List<string>();
        Assert.True(PageRoutes.SignedIn.Count() > 20, "the route table was not read");
        foreach (var template in PageRoutes.SignedIn)
        {
            var path = PageRoutes.Fill(template, ghost);
            await page.GotoAsync(baseUrl + path);
            var url = new Uri(page.Url);
            var returnUrl = HttpUtility.ParseQueryString(url.Query)["ReturnUrl"];
            if (url.AbsolutePath != "/login" || returnUrl != path || await page.Locator("#username").CountAsync() != 1)
            {
                wrong.Add($"{path} ended at {page.Url}");
            }
        }

        Assert.True(wrong.Count == 0, "Pages that did not send a signed-out visitor to sign in:\n" + string.Join("\n", wrong));

        // The sign-in page is the app's: its bar and colours; a wrong password keeps the name and the way back.
        await page.GotoAsync(baseUrl + "/images/pull");
        await Assertions.Expect(page.Locator(".plain-appbar")).ToContainTextAsync("Portal");
        await page.FillAsync("#username", "admin");
        await page.FillAsync("#password", "not-the-password");
        await page.ClickAsync("[data-testid=login-submit]");
        await Assertions.Expect(page.Locator("[data-testid=login-error]")).ToContainTextAsync("Wrong user name or password.");
        await Assertions.Expect(page.Locator("#username")).ToHaveValueAsync("admin");
        await Assertions.Expect(page.Locator("#password")).ToBeFocusedAsync();
        await page.FillAsync("#password", PortalServer.AdminPassword);
        await page.ClickAsync("[data-testid=login-submit]");
        await page.WaitForURLAsync(baseUrl + "/images/pull");
        await page.WaitInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=signed-in-user]")).ToHaveTextAsync("admin");

        // The sign-in page reads well in both schemes (it follows the system: nobody is known yet).
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            var login = await NewPageAsync(colorScheme: scheme, bypassCsp: true);
            await login.GotoAsync(baseUrl + "/login?error=Wrong%20user%20name%20or%20password.&user=admin");
            Assert.Empty(await login.SeriousViolationsAsync());
        }
    }
}
