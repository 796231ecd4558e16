using System.Net.Http.Json;
using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>
/// The small things people expect (issue 15, item 9): merged logs colour each container, the account page sits in
/// the app shell, the nine container tabs fit at 1440 px, the create-user dialog makes a team, the Users table
/// shows roles. Each step leaves a picture in the test results at 1440×900 and 390×844, light and dark.
/// </summary>
public sealed class SmallExpectationsTests : BrowserScenario
{
    [Fact]
    public async Task MergedLogs_EachContainerInItsOwnColour_NoSeriousAxeViolationLightOrDark()
    {
        var ct = TestContext.Current.CancellationToken;
        var names = new[] { $"e2e-merge-a-{Session[..8]}", $"e2e-merge-b-{Session[..8]}" };
        using (var api = await AdminApiAsync("merge", ct))
        {
            foreach (var name in names)
            {
                var command = new[] { "sh", "-c", $"echo hello from {name}; echo warn from {name} >&2; sleep 3600" };
                (await api.PostAsJsonAsync("/api/v1/containers", new { image = E2EEnvironment.TestImage, name, command, labels = SessionLabels() }, ct)).EnsureSuccessStatusCode();
            }
        }

        var url = Server.BaseUrl + "/logs?c=" + string.Join("&c=", names.Select(Uri.EscapeDataString));
        foreach (var (scheme, width, height) in new[] { (ColorScheme.Light, 1440, 900), (ColorScheme.Dark, 1440, 900), (ColorScheme.Dark, 390, 844) })
        {
            var page = await NewPageAsync(width, height, scheme, bypassCsp: true);
            await page.SignInAsync(Server.BaseUrl, "admin", PortalServer.AdminPassword);
            await page.OpenAsync(url);
            var colours = new List<string>();
            foreach (var name in names)
            {
                var prefixes = page.Locator("[data-testid=log-src]", new() { HasText = name });
                await Assertions.Expect(prefixes).ToHaveCountAsync(2);
                var first = await prefixes.Nth(0).EvaluateAsync<string>("e => getComputedStyle(e).color");
                Assert.Equal(first, await prefixes.Nth(1).EvaluateAsync<string>("e => getComputedStyle(e).color"));
                colours.Add(first);
            }

            Assert.NotEqual(colours[0], colours[1]);
            Assert.Empty(await page.SeriousViolationsAsync());
            await page.ScreenshotAsync(new() { Path = ScreenshotPath($"small-merged-logs-{scheme}-{width}.png".ToLowerInvariant()) });
        }
    }

    [Fact]
    public async Task AccountPage_InTheAppShell_PasswordChangeComesBackToIt()
    {
        var page = await NewPageAsync();
        await page.SignInAsync(Server.BaseUrl, "admin", PortalServer.AdminPassword);
        await page.OpenAsync(Server.BaseUrl + "/account");
        await Assertions.Expect(page.Locator("[data-testid=nav-drawer]")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Containers" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = ScreenshotPath("small-account-light-1440.png") });

        await page.FillAsync("#current", PortalServer.AdminPassword);
        await page.FillAsync("#next", PortalServer.AdminPassword + "-2");
        await page.FillAsync("#confirm", PortalServer.AdminPassword + "-2");
        await page.ClickAsync("[data-testid=password-submit]");

        await Assertions.Expect(page.Locator("[data-testid=account-message]")).ToHaveTextAsync("Password changed.");
        await page.WaitInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=nav-drawer]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=signed-in-user]")).ToHaveTextAsync("admin");

        // On a phone the same page has the menu button, and the dark scheme when the system is dark.
        var phone = await NewPageAsync(390, 844, ColorScheme.Dark, bypassCsp: true);
        await phone.SignInAsync(Server.BaseUrl, "admin", PortalServer.AdminPassword + "-2");
        await phone.OpenAsync(Server.BaseUrl + "/account");
        await Assertions.Expect(phone.Locator("[data-testid=nav-toggle]")).ToBeVisibleAsync();
        await Assertions.Expect(phone.Locator("[data-testid=interactive]")).ToHaveAttributeAsync("data-theme", "dark");
        // The app bar's account and sign-out buttons fit the phone's width (as icons with their names).
        var signOut = phone.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true });
        await Assertions.Expect(signOut).ToBeVisibleAsync();
        var box = (await signOut.BoundingBoxAsync())!;
        Assert.True(box.X + box.Width <= 390, $"Sign out ends at {box.X + box.Width} px on a 390 px screen");
        await Assertions.Expect(phone.GetByRole(AriaRole.Link, new() { Name = "Account", Exact = true })).ToBeVisibleAsync();
        Assert.Empty(await phone.SeriousViolationsAsync());
        await phone.ScreenshotAsync(new() { Path = ScreenshotPath("small-account-dark-390.png"), FullPage = true });
    }

    [Fact]
    public async Task ContainerDetails_NineTabsFitAt1440_NoScrollArrows()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = $"e2e-tabs-{Session[..8]}";
        using (var api = await AdminApiAsync("tabs", ct))
        {
            var env = Enumerable.Range(1, 12).Select(i => $"VARIABLE_{i}=value").ToArray();
            (await api.PostAsJsonAsync("/api/v1/containers", new { image = E2EEnvironment.TestImage, name, command = new[] { "sleep", "3600" }, env, labels = SessionLabels() }, ct)).EnsureSuccessStatusCode();
        }

        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            var page = await NewPageAsync(colorScheme: scheme);
            await page.SignInAsync(Server.BaseUrl, "admin", PortalServer.AdminPassword);
            await page.OpenAsync(Server.BaseUrl + "/containers/" + name);
            var tabs = page.Locator("[data-testid=container-tabs] .mud-tab");
            await Assertions.Expect(tabs).ToHaveCountAsync(9);
            await Assertions.Expect(page.Locator("[data-testid=container-tabs] .mud-tabs-scroll-button")).ToHaveCountAsync(0);
            var bar = (await page.Locator("[data-testid=container-tabs] .mud-tabs-tabbar").BoundingBoxAsync())!;
            for (var i = 0; i < 9; i++)
            {
                var box = (await tabs.Nth(i).BoundingBoxAsync())!;
                Assert.True(box.X >= bar.X && box.X + box.Width <= bar.X + bar.Width + 1, $"tab {i} at {box.X}+{box.Width} outside the bar {bar.X}+{bar.Width}");
            }

            await page.ScreenshotAsync(new() { Path = ScreenshotPath($"small-container-tabs-{scheme}-1440.png".ToLowerInvariant()) });
        }

        var phone = await NewPageAsync(390, 844);
        await phone.SignInAsync(Server.BaseUrl, "admin", PortalServer.AdminPassword);
        await phone.OpenAsync(Server.BaseUrl + "/containers/" + name);
        await Assertions.Expect(phone.Locator("[data-testid=container-tabs] .mud-tab")).ToHaveCountAsync(9);
        await phone.ScreenshotAsync(new() { Path = ScreenshotPath("small-container-tabs-light-390.png") });
    }

    [Fact]
    public async Task CreateUserDialog_TypedNewTeamAndRole_TeamMadeUserJoinsIt_TableShowsTheRole()
    {
        var ct = TestContext.Current.CancellationToken;
        var team = $"e2e-shift-{Session[..8]}";
        var user = $"e2e-user-{Session[..8]}";
        foreach (var (scheme, width, height) in new[] { (ColorScheme.Light, 1440, 900), (ColorScheme.Dark, 390, 844) })
        {
            var page = await NewPageAsync(width, height, scheme);
            await page.SignInAsync(Server.BaseUrl, "admin", PortalServer.AdminPassword);
            await page.OpenAsync(Server.BaseUrl + "/admin/users");
            await page.ClickAsync("[data-testid=create-user]");
            await page.FillAsync("#user-new-team", team);
            await page.ScreenshotAsync(new() { Path = ScreenshotPath($"small-create-user-{scheme}-{width}.png".ToLowerInvariant()) });
            if (scheme == ColorScheme.Dark)
            {
                await page.Keyboard.PressAsync("Escape");
                continue;
            }

            await page.FillAsync("#user-name", user);
            await page.FillAsync("#user-password", "a-long-password");
            await page.ChooseAsync("user-role", "Viewer");
            await page.ClickAsync("[data-testid=user-create-submit]");

            var row = page.Locator("tr", new() { Has = page.Locator("strong", new() { HasText = user }) });
            await Assertions.Expect(row.Locator("[data-testid=membership-chip]")).ToHaveTextAsync($"{team} · Viewer");
            await Assertions.Expect(row.Locator("[data-testid=user-role]")).ToHaveTextAsync("Viewer");
            await page.ScreenshotAsync(new() { Path = ScreenshotPath("small-users-light-1440.png") });
        }

        using var api = await AdminApiAsync("users", ct);
        var teams = await api.GetStringAsync("/api/v1/teams", ct);
        Assert.Contains($"\"{team}\"", teams, StringComparison.Ordinal);
        var audit = await api.GetStringAsync("/api/v1/audit?action=team.create", ct);
        Assert.Contains(team, audit, StringComparison.Ordinal);
    }
}
