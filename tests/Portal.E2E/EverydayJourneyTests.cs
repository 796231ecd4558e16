using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>
/// Issue 15 items 2, 3, 4 and 7 as one person's morning: the colour scheme they choose follows them to another
/// browser; a stack deployed from its page turns "running" without a reload and is then taken down and deleted
/// in one go; a team that still owns a volume is not deleted (the refusal names it), then is; a user is deleted and
/// the audit log still shows what they did; a container that ignores SIGTERM, stopped from the list, reads "stopping…"
/// on its row until the engine kills it and then "exited", without a reload; on a phone the menu folds away behind a
/// button, bulk actions are one menu, and the list's filters fold behind one "Filters" button so its first card is on
/// the first screen.
/// </summary>
public sealed class EverydayJourneyTests : BrowserScenario
{
    protected override async Task CleanUpEngineAsync()
    {
        await base.CleanUpEngineAsync();
        await DockerCli.RemoveLabelledNetworksAndVolumesAsync(SessionLabel, CancellationToken.None);
    }

    [Fact]
    public async Task ThemeFollowsUser_StackGoesLiveThenDownAndDelete_TeamAndUserDeletes_StoppingOnTheList_PhoneMenuAndFilters()
    {
        var ct = TestContext.Current.CancellationToken;
        var baseUrl = Server.BaseUrl;
        var suffix = Session[..8];
        using var api = await AdminApiAsync("journey", ct);

        // Dark mode: chosen once, remembered for the person in a browser whose system says light.
        var page = await NewPageAsync();
        await page.SignInAsync(baseUrl, "admin", PortalServer.AdminPassword);
        var theme = page.Locator("[data-testid=interactive]");
        await Assertions.Expect(theme).ToHaveAttributeAsync("data-theme", "light");
        await page.ClickAsync("[data-testid=theme-menu] button");
        await page.ClickAsync("[data-testid=theme-dark]");
        await Assertions.Expect(theme).ToHaveAttributeAsync("data-theme", "dark");
        var other = await NewPageAsync();
        await other.SignInAsync(baseUrl, "admin", PortalServer.AdminPassword);
        await Assertions.Expect(other.Locator("[data-testid=interactive]")).ToHaveAttributeAsync("data-theme", "dark");
        await other.ClickAsync("[data-testid=theme-menu] button");
        await other.ClickAsync("[data-testid=theme-system]");
        await Assertions.Expect(other.Locator("[data-testid=interactive]")).ToHaveAttributeAsync("data-theme", "light");
        // Following the system: a browser that prefers dark gets dark with nothing chosen.
        var night = await NewPageAsync(colorScheme: ColorScheme.Dark);
        await night.SignInAsync(baseUrl, "admin", PortalServer.AdminPassword);
        await Assertions.Expect(night.Locator("[data-testid=interactive]")).ToHaveAttributeAsync("data-theme", "dark");

        // A stack saved through the API, deployed from its page: the status follows the engine without a reload.
        var team = $"e2e-t-{suffix}";
        var stack = $"e2ej{suffix}";
        (await api.PostAsJsonAsync("/api/v1/teams", new { name = team }, ct)).EnsureSuccessStatusCode();
        var compose = $$"""
            services:
              app:
                image: {{E2EEnvironment.TestImage}}
                command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
                labels:
                  portal-test.session: "{{Session}}"
            networks:
              default:
                labels:
                  portal-test.session: "{{Session}}"
            """;
        (await api.PostAsJsonAsync("/api/v1/stacks", new { name = stack, team, files = new[] { new { name = "compose.yaml", content = compose } } }, ct)).EnsureSuccessStatusCode();
        await page.OpenAsync(baseUrl + "/stacks/" + stack);
        var status = page.Locator("[data-testid=stack-status]");
        await Assertions.Expect(status).ToHaveTextAsync("not deployed");
        await page.ClickAsync("[data-testid=up-stack]");
        await Assertions.Expect(page.Locator("[data-testid=stack-job]")).ToContainTextAsync("up: succeeded", new() { Timeout = 60_000 });
        await Assertions.Expect(status).ToHaveTextAsync("running 1/1");
        Assert.Single(await DockerCli.ContainersWithLabelAsync($"com.docker.compose.project={stack}", ct));

        // Delete while it runs: the page offers Down and delete, and the stack is gone with its containers.
        await page.ClickAsync("[data-testid=delete-stack]");
        await Assertions.Expect(page.Locator("[data-testid=confirm-dialog]")).ToContainTextAsync("still has 1 container");
        await page.ClickAsync("[data-testid=confirm-ok]");
        await page.WaitForURLAsync(baseUrl + "/stacks", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("[data-testid=stack-link]", new() { HasText = stack })).ToHaveCountAsync(0);
        Assert.Empty(await DockerCli.ContainersWithLabelAsync($"com.docker.compose.project={stack}", ct));
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1/stacks/" + stack, ct)).StatusCode);

        // A team that still owns a volume is refused, naming it; once the volume is gone the team goes.
        var volume = $"e2e-vol-{suffix}";
        (await api.PostAsJsonAsync("/api/v1/volumes", new { name = volume, team, labels = SessionLabels() }, ct)).EnsureSuccessStatusCode();
        await page.OpenAsync(baseUrl + "/admin/teams");
        await page.ClickAsync($"[data-testid=delete-team-{team}]");
        await page.ClickAsync("[data-testid=confirm-ok]");
        await Assertions.Expect(page.Locator("[data-testid=teams-error]")).ToContainTextAsync($"volume {volume}");
        (await api.DeleteAsync("/api/v1/volumes/" + volume, ct)).EnsureSuccessStatusCode();
        await page.ClickAsync($"[data-testid=delete-team-{team}]");
        await page.ClickAsync("[data-testid=confirm-ok]");
        await Assertions.Expect(page.Locator($"[data-testid=delete-team-{team}]")).ToHaveCountAsync(0);

        // A user who signed in once is deleted; the audit log still names them.
        var user = $"e2e-u-{suffix}";
        (await api.PostAsJsonAsync("/api/v1/users", new { username = user, password = "e2e-user-password", role = "Viewer", teams = Array.Empty<string>() }, ct)).EnsureSuccessStatusCode();
        using (var anonymous = new HttpClient { BaseAddress = new Uri(baseUrl) })
        {
            (await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { username = user, password = "e2e-user-password", name = "once" }, ct)).EnsureSuccessStatusCode();
        }

        await page.OpenAsync(baseUrl + "/admin/users");
        await page.ClickAsync($"[data-testid=delete-user-{user}]");
        await Assertions.Expect(page.Locator("[data-testid=confirm-dialog]")).ToContainTextAsync("the audit log keeps their name");
        await page.ClickAsync("[data-testid=confirm-ok]");
        await Assertions.Expect(page.Locator($"[data-testid=delete-user-{user}]")).ToHaveCountAsync(0);
        var trail = await api.GetFromJsonAsync<JsonElement>($"/api/v1/audit?actor={user}", ct);
        Assert.NotEqual(0, trail.GetArrayLength());
        var deleted = await api.GetFromJsonAsync<JsonElement>($"/api/v1/audit?action=user.delete&object={user}", ct);
        Assert.Equal("succeeded", deleted[0].GetProperty("outcome").GetString());

        // A process that ignores SIGTERM, stopped from the list with a 3 s timeout: the row says "stopping…" while the
        // engine waits, then "exited" once it killed the process, on the same page (stopped containers shown, so it stays).
        var stubborn = $"e2e-stubborn-{suffix}";
        (await api.PostAsJsonAsync("/api/v1/containers", new
        {
            image = E2EEnvironment.TestImage,
            name = stubborn,
            command = new[] { "sh", "-c", "trap '' TERM; while :; do sleep 1; done" },
            labels = SessionLabels(),
        }, ct)).EnsureSuccessStatusCode();
        await page.OpenAsync(baseUrl + "/containers?all=true&q=" + stubborn);
        var row = page.ContainerRow(stubborn);
        var chip = row.Locator("[data-testid=state-chip]");
        await Assertions.Expect(chip).ToHaveTextAsync("running");
        await page.EvaluateAsync("() => window.__notReloaded = true");
        await page.FillAsync("#stop-timeout", "3");
        await page.Locator("#stop-timeout").BlurAsync();
        await row.SelectRowAsync(page.Locator("[data-testid=action-stop]"));
        await page.ClickAsync("[data-testid=action-stop]");
        await Assertions.Expect(chip).ToHaveTextAsync("stopping…");
        await Assertions.Expect(chip).ToHaveAttributeAsync("data-pending", "true");
        await Assertions.Expect(chip).ToHaveTextAsync("exited", new() { Timeout = 30_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.__notReloaded === true"), "The containers page was reloaded.");
        // 137: the engine had to kill it, so the "stopping…" above stood for the real wait, not a quick exit.
        Assert.Equal("137", (await DockerCli.RunCheckedAsync(["inspect", "--format", "{{.State.ExitCode}}", stubborn], ct)).Trim());

        // On a phone the menu is folded away behind a button and opens over the page.
        var phone = await NewPageAsync(390, 844);
        await phone.SignInAsync(baseUrl, "admin", PortalServer.AdminPassword);
        var stacksLink = phone.Locator(".mud-nav-link", new() { HasText = "Stacks" });
        await Assertions.Expect(stacksLink).Not.ToBeInViewportAsync();
        // The drawer reports that it folded away for the narrow screen; a tap before that would race it.
        var toggle = phone.Locator("[data-testid=nav-toggle]");
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
        await toggle.ClickAsync();
        await Assertions.Expect(stacksLink).ToBeInViewportAsync();
        await stacksLink.ClickAsync();
        await phone.WaitForURLAsync(baseUrl + "/stacks");
        await Assertions.Expect(phone.Locator("h1")).ToHaveTextAsync("Stacks");
        // Bulk actions are one menu there, not a screen of buttons.
        await phone.OpenAsync(baseUrl + "/containers");
        await Assertions.Expect(phone.Locator("[data-testid=bulk-menu]")).ToBeVisibleAsync();
        await Assertions.Expect(phone.Locator("[data-testid=action-stop]")).ToBeHiddenAsync();

        // The filters fold behind one button that counts the active ones; the search stays, and the first card is
        // wholly on the first screen.
        await phone.OpenAsync(baseUrl + "/containers?all=true&q=" + stubborn);
        var filters = phone.Locator("[data-testid=filter-toggle]");
        await Assertions.Expect(filters).ToBeVisibleAsync();
        await Assertions.Expect(filters).ToHaveAttributeAsync("aria-label", "Filters (1 active)");
        await Assertions.Expect(phone.Locator("#filter-text")).ToBeVisibleAsync();
        await Assertions.Expect(phone.Locator("[data-testid=filter-all]")).ToBeHiddenAsync();
        await Assertions.Expect(phone.ContainerRow(stubborn)).ToBeInViewportAsync(new() { Ratio = 1 });
        await filters.ClickAsync();
        await Assertions.Expect(phone.Locator("[data-testid=filter-all]")).ToBeVisibleAsync();
        await filters.ClickAsync();
        await Assertions.Expect(phone.Locator("[data-testid=filter-all]")).ToBeHiddenAsync();
        // At desktop width there is no button: the filters are all in view as before.
        await Assertions.Expect(page.Locator("[data-testid=filter-toggle]")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("[data-testid=filter-all]")).ToBeVisibleAsync();
    }
}
