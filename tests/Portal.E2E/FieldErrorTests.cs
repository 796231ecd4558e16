using System.Net.Http.Json;
using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>
/// A refusal is read where it is: the Run form marks the refused field (a host path, a port) with the Engine's
/// sentence and brings it into view below the app bar, on a phone and on a desktop; a stack's plan lists every
/// refused service at once, and a plan that passes reads as a table; a pull of a bad reference and a user whose
/// name is taken are said under the reference and the name, and the mark goes when the person types.
/// </summary>
public sealed class FieldErrorTests : BrowserScenario
{
    private const string Password = "e2e-fields-pw";

    [Fact]
    public async Task RunForm_RefusedBindAndPort_MarkTheFieldInView_StackPlanListsEveryRefusal()
    {
        var ct = TestContext.Current.CancellationToken;
        var suffix = Session[..8];
        var (team, user) = ($"e2e-f-{suffix}", $"op-f-{suffix}");
        await CreateTeamAndOperatorThroughApiAsync(team, user, Password, ct);

        foreach (var (width, height) in new[] { (390, 844), (1440, 900) })
        {
            var page = await NewPageAsync(width, height);
            await page.SignInAsync(Server.BaseUrl, user, Password);
            await page.OpenAsync(Server.BaseUrl + "/containers/run");
            await Assertions.Expect(page.Locator("#run-team")).ToHaveValueAsync(team);
            await page.FillAsync("#run-image", E2EEnvironment.TestImage);
            await page.FillAsync("#run-labels", SessionLabel);

            // A host path outside any allowed prefix: refused by admission, said at the Host paths field.
            await page.FillAsync("#run-binds", "/etc:/host-etc:ro");
            await page.ClickAsync("[data-testid=run-submit]");
            await AssertMarkedInViewAsync(page, "binds", "Line 1: Refused by rule 'no-host-binds': Mounting host path '/etc'");
            await page.ScreenshotAsync(new() { Path = ScreenshotPath($"run-refused-bind-{width}.png") });

            // A port that is no port: refused by validation, said at the ports field, the bind's mark gone.
            await page.FillAsync("#run-binds", "");
            await page.FillAsync("#run-ports", "127.0.0.1:8080:80\n127.0.0.1:99999:80");
            await page.ClickAsync("[data-testid=run-submit]");
            await AssertMarkedInViewAsync(page, "ports", "Line 2: Port '127.0.0.1:99999:80'");
            await Assertions.Expect(page.Locator(".mud-input-control.mud-input-error")).ToHaveCountAsync(1);
            await page.ScreenshotAsync(new() { Path = ScreenshotPath($"run-refused-port-{width}.png") });
        }

        Assert.Empty(await DockerCli.ContainersWithLabelAsync(SessionLabel, ct));
        await StackPlanAsync(team, user, ct);
    }

    [Fact]
    public async Task PullOfABadReference_AndAUserNameTaken_AreSaidUnderTheirFields_UntilEdited()
    {
        var ct = TestContext.Current.CancellationToken;
        var suffix = Session[..8];
        var (team, user) = ($"e2e-fp-{suffix}", $"op-fp-{suffix}");
        await CreateTeamAndOperatorThroughApiAsync(team, user, Password, ct);

        // The phone in the dark scheme, the desktop in the light one: the marks read in both.
        foreach (var (width, height, scheme) in new[] { (390, 844, ColorScheme.Dark), (1440, 900, ColorScheme.Light) })
        {
            // A reference the engine could never pull: refused before any job starts, under the reference.
            var page = await NewPageAsync(width, height, scheme);
            await page.SignInAsync(Server.BaseUrl, user, Password);
            await page.OpenAsync(Server.BaseUrl + "/images/pull");
            await page.FillAsync("#pull-reference", "Not A/Valid:Ref");
            await page.ClickAsync("[data-testid=pull-start]");
            await AssertMarkedInViewAsync(page, "#pull-reference", "'Not A/Valid' is not a valid repository name");
            await Assertions.Expect(page.Locator("[data-testid=pull-error]")).ToHaveCountAsync(0);
            await Assertions.Expect(page.Locator("[data-testid=pull-job]")).ToHaveCountAsync(0);
            await page.ScreenshotAsync(new() { Path = ScreenshotPath($"pull-refused-reference-{width}.png") });
            await page.Locator("#pull-reference").PressSequentiallyAsync("x");
            await Assertions.Expect(page.Locator(".mud-input-control.mud-input-error")).ToHaveCountAsync(0);

            // A user name that is taken: the dialog stays, the name is marked, the rest of the form kept.
            var admin = await NewPageAsync(width, height, scheme);
            await admin.SignInAsync(Server.BaseUrl, "admin", PortalServer.AdminPassword);
            await admin.OpenAsync(Server.BaseUrl + "/admin/users");
            await admin.ClickAsync("[data-testid=create-user]");
            await admin.FillAsync("#user-name", user);
            await admin.FillAsync("#user-password", "a-long-password");
            await admin.ClickAsync("[data-testid=user-create-submit]");
            await AssertMarkedInViewAsync(admin, "#user-name", $"Username '{user}' is already taken.", belowAppBar: false);
            await Assertions.Expect(admin.Locator("[data-testid=dialog-error]")).ToHaveCountAsync(0);
            await Assertions.Expect(admin.Locator("#user-password")).ToHaveValueAsync("a-long-password");
            await admin.ScreenshotAsync(new() { Path = ScreenshotPath($"create-user-name-taken-{width}.png") });
            await admin.Locator("#user-name").PressSequentiallyAsync("-2");
            await Assertions.Expect(admin.Locator(".mud-input-control.mud-input-error")).ToHaveCountAsync(0);
        }

        using var api = await AdminApiAsync("fields", ct);
        var audit = await api.GetStringAsync($"/api/v1/audit?action=user.create&object={user}", ct);
        Assert.Contains("conflict", audit, StringComparison.Ordinal);
    }

    /// <summary>The field's control is marked, and its message is inside the viewport (and below the app bar, for a page).</summary>
    private static async Task AssertMarkedInViewAsync(IPage page, string input, string message, bool belowAppBar = true)
    {
        var control = page.Locator(".mud-input-control", new() { Has = page.Locator(input.StartsWith('#') ? input : $"#run-{input}") });
        await Assertions.Expect(control).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("mud-input-error"));
        var text = control.Locator(".mud-input-helper-text");
        await Assertions.Expect(text).ToContainTextAsync(message);
        await Assertions.Expect(text).ToBeInViewportAsync(new() { Ratio = 1 });
        if (!belowAppBar)
        {
            return;
        }

        var bar = await page.Locator(".mud-appbar").BoundingBoxAsync();
        var box = await text.BoundingBoxAsync();
        Assert.True(bar is not null && box is not null && box.Y >= bar.Y + bar.Height, $"The message at y={box?.Y} is under the app bar (bottom {bar?.Y + bar?.Height}).");
    }

    /// <summary>A stack with three refused services: its plan names all three; one that passes shows its plan as a table.</summary>
    private async Task StackPlanAsync(string team, string user, CancellationToken ct)
    {
        var (refused, plain) = ($"e2e-r-{Session[..8]}", $"e2e-p-{Session[..8]}");
        using (var http = await AdminApiAsync("e2e-stacks", ct))
        {
            var image = E2EEnvironment.TestImage;
            var three = $"services:\n  priv: {{image: {image}, privileged: true}}\n  hostdir: {{image: {image}, volumes: [\"/etc:/host-etc:ro\"]}}\n  caps: {{image: {image}, cap_add: [SYS_ADMIN]}}\n";
            var two = $"services:\n  web: {{image: {image}, labels: [{SessionLabel}]}}\n  worker: {{image: {image}, labels: [{SessionLabel}]}}\n";
            foreach (var (name, content) in new[] { (refused, three), (plain, two) })
            {
                (await http.PostAsJsonAsync("/api/v1/stacks", new { name, team, files = new[] { new { name = "compose.yaml", content } } }, ct)).EnsureSuccessStatusCode();
            }
        }

        foreach (var (width, height) in new[] { (390, 844), (1440, 900) })
        {
            var page = await NewPageAsync(width, height);
            await page.SignInAsync(Server.BaseUrl, user, Password);
            await page.OpenAsync(Server.BaseUrl + "/stacks/" + refused);
            await page.ClickAsync("[data-testid=plan-stack]");
            var error = page.Locator("[data-testid=stack-error]");
            await Assertions.Expect(error.Locator("li")).ToHaveCountAsync(4);
            foreach (var (service, rule) in new[] { ("priv", "no-privileged"), ("hostdir", "no-host-binds"), ("caps", "no-added-capabilities") })
            {
                await Assertions.Expect(error).ToContainTextAsync($"Service '{service}' (key '");
                await Assertions.Expect(error).ToContainTextAsync($"is refused by rule '{rule}'");
            }

            await page.ScreenshotAsync(new() { Path = ScreenshotPath($"stack-plan-refused-{width}.png"), FullPage = true });

            await page.OpenAsync(Server.BaseUrl + "/stacks/" + plain);
            await page.ClickAsync("[data-testid=plan-stack]");
            var table = page.Locator("[data-testid=plan-table]");
            await Assertions.Expect(table.Locator("[data-testid=plan-object]", new() { HasText = "service:web:1" })).ToBeVisibleAsync();
            await Assertions.Expect(table.Locator("tr", new() { HasText = "service:web:1" }).Locator("[data-testid=plan-reason]")).ToContainTextAsync("no existing container");
            await page.Locator("[data-testid=stack-plan]").ScrollIntoViewIfNeededAsync();
            await page.ScreenshotAsync(new() { Path = ScreenshotPath($"stack-plan-table-{width}.png"), FullPage = true });
        }
    }
}
