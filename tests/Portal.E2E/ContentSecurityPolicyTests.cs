using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>Portal's own pages load in Chromium without a single content-security-policy violation.</summary>
public sealed class ContentSecurityPolicyTests : BrowserScenario
{
    private static readonly string[] s_pages =
    [
        "/containers", "/containers/run", "/images", "/images/pull", "/images/build", "/networks", "/volumes",
        "/system/df", "/registries", "/admin/audit", "/admin/users", "/admin/teams", "/account/tokens",
    ];

    [Fact]
    public async Task MainPages_NoViolation_WhileAnInjectedInlineScriptIsCaught()
    {
        var page = await NewPageAsync();
        var violations = new ConcurrentQueue<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || message.Text.StartsWith("csp-violation", StringComparison.Ordinal))
            {
                violations.Enqueue($"{page.Url}: {message.Text}");
            }
        };
        // Injected by the browser itself, so the policy under test does not apply to this listener.
        await page.AddInitScriptAsync("document.addEventListener('securitypolicyviolation', e => console.log('csp-violation ' + e.violatedDirective + ' ' + e.blockedURI));");

        await page.SignInAsync(Server.BaseUrl, "admin", PortalServer.AdminPassword);
        foreach (var path in s_pages)
        {
            await page.OpenAsync(Server.BaseUrl + path);
            await Assertions.Expect(page.Locator("h1").First).ToBeVisibleAsync();
        }

        Assert.Empty(violations);
        Assert.Contains("script-src 'self'", (await page.EvaluateAsync<string>("async () => (await fetch('/login')).headers.get('content-security-policy')")), StringComparison.Ordinal);

        // The control: an inline script is what the policy forbids, and the listener must see it.
        await page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.injected = 1'; document.body.appendChild(s); }");
        await Assertions.Expect(page.Locator("body")).ToBeVisibleAsync();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (violations.IsEmpty && DateTime.UtcNow < deadline)
        {
            await page.WaitForTimeoutAsync(100);
        }

        Assert.NotEmpty(violations);
        Assert.Null(await page.EvaluateAsync<int?>("() => window.injected ?? null"));
    }
}
