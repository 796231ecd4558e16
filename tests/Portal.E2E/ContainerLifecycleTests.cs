using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>The whole path a team takes, through the browser, against the real engine.</summary>
public sealed class ContainerLifecycleTests : BrowserScenario
{
    private const string OperatorPassword = "e2e-operator-pw";

    [Fact]
    public async Task OperatorRunsStopsAndRemovesContainer_OtherTeamSeesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var suffix = Session[..8];
        var (teamA, teamB) = ($"e2e-a-{suffix}", $"e2e-b-{suffix}");
        var (operatorA, operatorB) = ($"op-a-{suffix}", $"op-b-{suffix}");
        var name = $"e2e-web-{suffix}";
        var port = Portal.TestSupport.FreePorts.Next();
        var baseUrl = Server.BaseUrl;

        var admin = await NewPageAsync();
        await admin.SignInAsync(baseUrl, "admin", PortalServer.AdminPassword);
        await CreateTeamThroughUiAsync(admin, baseUrl, teamA);
        await CreateOperatorThroughUiAsync(admin, baseUrl, operatorA, teamA);
        await CreateTeamAndOperatorThroughApiAsync(teamB, operatorB, OperatorPassword, ct);

        var pageA = await NewPageAsync();
        await pageA.SignInAsync(baseUrl, operatorA, OperatorPassword);
        await pageA.OpenAsync(baseUrl + "/containers/run");
        await Assertions.Expect(pageA.Locator("#run-team")).ToHaveValueAsync(teamA);
        await pageA.FillAsync("#run-image", E2EEnvironment.TestImage);
        await pageA.FillAsync("#run-name", name);
        await pageA.FillAsync("#run-command", "httpd -f -p 8080");
        await pageA.FillAsync("#run-ports", $"127.0.0.1:{port}:8080");
        await pageA.FillAsync("#run-labels", SessionLabel);
        await pageA.ClickAsync("[data-testid=run-submit]");
        await pageA.WaitForURLAsync($"**/containers/{name}");
        await Assertions.Expect(pageA.Locator("[data-testid=container-name]")).ToHaveTextAsync(name);

        await pageA.Locator(".mud-nav-link", new() { HasText = "Containers" }).First.ClickAsync();
        var row = pageA.ContainerRow(name);
        await Assertions.Expect(row.Locator("[data-testid=state-chip]")).ToHaveTextAsync("running");
        await Assertions.Expect(row).ToContainTextAsync($"127.0.0.1:{port}→8080");
        // The published port is a link to the host the browser used, opening in a new tab.
        var portLink = row.Locator("[data-testid=port-link]");
        var portUrl = $"http://{new Uri(baseUrl).Host}:{port}/";
        await Assertions.Expect(portLink).ToHaveAttributeAsync("href", portUrl);
        await Assertions.Expect(portLink).ToHaveAttributeAsync("rel", "noopener");
        var tab = await pageA.RunAndWaitForPopupAsync(() => portLink.ClickAsync());
        Assert.Equal(portUrl, tab.Url);
        await tab.CloseAsync();
        await pageA.ScreenshotAsync(new() { Path = ScreenshotPath("containers-running.png") });
        Assert.True(await AnswersHttpAsync(port, ct), $"Nothing answered HTTP on 127.0.0.1:{port}.");

        var pageB = await NewPageAsync();
        await pageB.SignInAsync(baseUrl, operatorB, OperatorPassword);
        await pageB.OpenAsync(baseUrl + "/containers?all=true");
        await Assertions.Expect(pageB.Locator("[data-testid=no-containers]")).ToBeVisibleAsync();
        await Assertions.Expect(pageB.GetByRole(AriaRole.Link, new() { Name = name })).ToHaveCountAsync(0);
        await pageB.OpenAsync(baseUrl + "/containers/" + name);
        await Assertions.Expect(pageB.Locator("[data-testid=container-not-found]")).ToContainTextAsync($"No container named '{name}'");

        await row.SelectRowAsync(pageA.Locator("[data-testid=action-stop]"));
        await pageA.ClickAsync("[data-testid=action-stop]");
        // httpd runs as PID 1 and ignores SIGTERM, so the engine waits its 10 s before SIGKILL.
        await Assertions.Expect(pageA.GetByText($"Stopped {name}.")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        // The list shows running containers only, so the stopped one drops out on the next reload.
        await Assertions.Expect(pageA.ContainerRow(name)).ToHaveCountAsync(0);

        await pageA.OpenAsync(baseUrl + "/containers/" + name);
        await Assertions.Expect(pageA.Locator("[data-testid=state-chip]")).ToHaveTextAsync("exited");
        await pageA.ClickAsync("[data-testid=details-remove]");
        await pageA.ClickAsync("[data-testid=confirm-ok]");
        await pageA.WaitForURLAsync(url => url.EndsWith("/containers", StringComparison.Ordinal));
        await Assertions.Expect(pageA.GetByText($"Removed {name}.")).ToBeVisibleAsync();
        Assert.Empty(await DockerCli.ContainersWithLabelAsync(SessionLabel, ct));

        await pageA.OpenAsync(baseUrl + "/containers?history=true");
        await Assertions.Expect(pageA.ContainerRow(name)).ToContainTextAsync(operatorA);
    }

    private static async Task CreateTeamThroughUiAsync(IPage admin, string baseUrl, string team)
    {
        await admin.OpenAsync(baseUrl + "/admin/teams");
        await admin.ClickAsync("[data-testid=create-team]");
        await admin.FillAsync("#team-name", team);
        await admin.FillAsync("#team-description", "Created by the browser test");
        await admin.ClickAsync("[data-testid=team-create-submit]");
        await Assertions.Expect(admin.Locator("[data-testid=teams-table]")).ToContainTextAsync(team);
    }

    private static async Task CreateOperatorThroughUiAsync(IPage admin, string baseUrl, string userName, string team)
    {
        await admin.OpenAsync(baseUrl + "/admin/users");
        await admin.ClickAsync("[data-testid=create-user]");
        await admin.FillAsync("#user-name", userName);
        await admin.FillAsync("#user-password", OperatorPassword);
        await admin.ChooseAsync("user-teams", team);
        // Closes the options list; the dialog stays open.
        await admin.Locator(".mud-dialog-title").ClickAsync();
        await admin.ClickAsync("[data-testid=user-create-submit]");
        var row = admin.Locator("[data-testid=users-table] tr", new() { HasText = userName });
        await Assertions.Expect(row).ToContainTextAsync($"{team} · Operator");
    }

    /// <summary>Any HTTP status proves busybox httpd listens (it answers 404 for / in an empty folder).</summary>
    private static async Task<bool> AnswersHttpAsync(int port, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 20; attempt++)
        {
            try
            {
                using var response = await http.GetAsync($"http://127.0.0.1:{port}/", ct);
                return true;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(250, ct);
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
            }
        }

        return false;
    }
}
