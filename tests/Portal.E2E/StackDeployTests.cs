using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>
/// A compose stack through the browser: paste a two-service stack, add an override file and save right after typing,
/// see the plan, deploy, watch it go healthy with the override in effect, tear down.
/// </summary>
public sealed class StackDeployTests : BrowserScenario
{
    /// <summary>Only what this test labelled: its containers, then its network.</summary>
    protected override async Task CleanUpEngineAsync()
    {
        await base.CleanUpEngineAsync();
        await DockerCli.RunCheckedAsync(["network", "prune", "-f", "--filter", "label=" + SessionLabel], CancellationToken.None);
    }

    [Fact]
    public async Task PasteTwoServiceStack_AddOverride_SaveRightAfterTyping_Plan_Deploy_WatchHealthy_TearDown()
    {
        var project = $"e2e{Session[..8]}";
        var compose = $"""
            name: {project}
            services:
              web:
                image: {E2EEnvironment.TestImage}
                command: ["sh", "-c", "trap 'exit 0' TERM; touch /tmp/ready; sleep 3600 & wait"]
                environment:
                  COLOR: blue
                labels:
                  portal-test.session: "{Session}"
                healthcheck:
                  test: ["CMD", "test", "-f", "/tmp/ready"]
                  interval: 1s
                  retries: 10
              worker:
                image: {E2EEnvironment.TestImage}
                command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
                labels:
                  portal-test.session: "{Session}"
                depends_on:
                  web:
                    condition: service_healthy
            networks:
              default:
                name: {project}_default
                labels:
                  portal-test.session: "{Session}"
            """;
        var baseUrl = Server.BaseUrl;
        var page = await NewPageAsync();
        await page.SignInAsync(baseUrl, "admin", PortalServer.AdminPassword);

        await page.OpenAsync(baseUrl + "/stacks/new");
        await page.Locator("[data-testid=stack-name] input, input[data-testid=stack-name]").First.FillAsync(project);
        var editor = page.Locator("[data-testid=stack-editor] textarea, textarea[data-testid=stack-editor]").First;
        await editor.FillAsync(compose);
        await page.ClickAsync("[data-testid=save-stack]");
        await page.WaitForURLAsync($"**/stacks/{project}");
        await page.WaitInteractiveAsync();

        // An override file, typed and saved at once. The text field hands its value over after a 600 ms pause or on
        // blur; the click is dispatched without moving focus (as a touch tap or a keyboard path can), so no blur
        // commits it either: Save must take the text the browser has at the click.
        await page.Locator("[data-testid=new-file-name] input, input[data-testid=new-file-name]").First.FillAsync("compose.override.yaml");
        await page.ClickAsync("[data-testid=add-file]");
        await Assertions.Expect(page.Locator("[data-testid='file-tab-compose.override.yaml']")).ToContainTextAsync("compose #2");
        await editor.PressSequentiallyAsync("services:\n  web:\n    environment:\n      COLOR: green\n");
        await page.DispatchEventAsync("[data-testid=save-stack]", "click");
        await Assertions.Expect(page.Locator("[data-testid=unsaved]")).ToHaveCountAsync(0);
        await page.OpenAsync(baseUrl + "/stacks/" + project);
        await page.ClickAsync("[data-testid='file-tab-compose.override.yaml']");
        await Assertions.Expect(editor).ToHaveValueAsync("services:\n  web:\n    environment:\n      COLOR: green\n");
        // Syntax colours are drawn under the text: the key is a YAML key token.
        await Assertions.Expect(page.Locator(".code-overlay .token.key", new() { HasText = "COLOR" })).ToHaveCountAsync(1);

        await page.ClickAsync("[data-testid=plan-stack]");
        var plan = page.Locator("[data-testid=stack-plan]");
        await Assertions.Expect(plan).ToContainTextAsync($"service:web:1");
        await Assertions.Expect(plan).ToContainTextAsync($"{project}-worker-1");
        await Assertions.Expect(plan).ToContainTextAsync("no existing container");

        await page.ClickAsync("[data-testid=up-stack]");
        var job = page.Locator("[data-testid=stack-job]");
        await Assertions.Expect(job).ToContainTextAsync("up: succeeded", new() { Timeout = 60_000 });
        // The worker waited for web's health check. The page reads status from the catalog (fed by engine
        // events), so it is reopened until the catalog has caught up: both running, web healthy.
        var status = page.Locator("[data-testid=stack-status]");
        var webRow = page.ContainerRow($"{project}-web-1");
        for (var attempt = 0; attempt < 30 && !((await status.TextContentAsync())?.Trim() == "running 2/2" && ((await webRow.TextContentAsync()) ?? "").Contains("(healthy)", StringComparison.Ordinal)); attempt++)
        {
            await Task.Delay(500, TestContext.Current.CancellationToken);
            await page.OpenAsync(baseUrl + "/stacks/" + project);
        }

        await Assertions.Expect(status).ToHaveTextAsync("running 2/2");
        await Assertions.Expect(webRow).ToContainTextAsync("(healthy)");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), $"stack-healthy-{Session[..8]}.png") });
        Assert.Equal(2, (await DockerCli.ContainersWithLabelAsync($"com.docker.compose.project={project}", TestContext.Current.CancellationToken)).Count);
        var env = await DockerCli.RunCheckedAsync(["inspect", "--format", "{{json .Config.Env}}", $"{project}-web-1"], TestContext.Current.CancellationToken);
        Assert.Contains("\"COLOR=green\"", env, StringComparison.Ordinal);

        await page.ClickAsync("[data-testid=down-stack]");
        await page.ClickAsync("[data-testid=confirm-ok]");
        await Assertions.Expect(job).ToContainTextAsync("down: succeeded", new() { Timeout = 60_000 });
        Assert.Empty(await DockerCli.ContainersWithLabelAsync($"com.docker.compose.project={project}", TestContext.Current.CancellationToken));
        for (var attempt = 0; attempt < 30 && (await status.TextContentAsync())?.Trim() != "not deployed"; attempt++)
        {
            await Task.Delay(500, TestContext.Current.CancellationToken);
            await page.OpenAsync(baseUrl + "/stacks/" + project);
        }

        await Assertions.Expect(status).ToHaveTextAsync("not deployed");
        Assert.Empty(await DockerCli.ContainersWithLabelAsync($"com.docker.compose.project={project}", TestContext.Current.CancellationToken));
    }
}
