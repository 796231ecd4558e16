using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>Steps through Portal's pages the way a person does.</summary>
public static class PortalPages
{
    /// <summary>Waits until the Blazor circuit runs the page; clicks before that are lost.</summary>
    public static Task WaitInteractiveAsync(this IPage page) =>
        page.Locator("[data-testid=interactive][data-ready=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    public static async Task OpenAsync(this IPage page, string url)
    {
        await page.GotoAsync(url);
        await page.WaitInteractiveAsync();
    }

    public static async Task SignInAsync(this IPage page, string baseUrl, string userName, string password)
    {
        await page.GotoAsync(baseUrl + "/login");
        await page.FillAsync("#username", userName);
        await page.FillAsync("#password", password);
        await page.ClickAsync("[data-testid=login-submit]");
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
        await page.WaitInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=signed-in-user]")).ToHaveTextAsync(userName);
    }

    /// <summary>Opens a MudSelect by its input id and clicks the option with this text.</summary>
    public static async Task ChooseAsync(this IPage page, string inputId, string option)
    {
        await page.Locator($"div.mud-input-control:has(#{inputId})").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = option }).First.ClickAsync();
    }

    /// <summary>The grid row whose name link reads <paramref name="name"/>.</summary>
    public static ILocator ContainerRow(this IPage page, string name) =>
        page.Locator("tr", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }) });

    /// <summary>
    /// Ticks the row's box until the bulk action it enables is enabled: on a loaded machine a click
    /// can land while the live CPU/memory columns re-render the row, and the tick is then lost.
    /// </summary>
    public static async Task SelectRowAsync(this ILocator row, ILocator action)
    {
        for (var attempt = 1; ; attempt++)
        {
            // Never a second click on a box that took the first: that would untick it.
            if (!await row.Locator(".mud-checkbox input").IsCheckedAsync())
            {
                await row.Locator(".mud-checkbox").ClickAsync();
            }

            try
            {
                await Assertions.Expect(action).ToBeEnabledAsync(new() { Timeout = 5_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
            }
        }
    }
}
