using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>
/// Images through the browser against the real engine and the loopback registry: pull with the
/// progress shown to the end, build from a typed Dockerfile with the log streaming, build from a
/// folder chosen in the browser, find the images in the list, remove one.
/// </summary>
public sealed class ImageLifecycleTests : BrowserScenario
{
    /// <summary>Only what this test labelled: the commit's container, the pushed/pulled image and the build's layers.</summary>
    protected override async Task CleanUpEngineAsync()
    {
        await base.CleanUpEngineAsync();
        await DockerCli.RemoveLabelledImagesAsync(SessionLabel, CancellationToken.None);
    }

    [Fact]
    public async Task PullWithProgress_BuildWithLog_ListedThenRemoved()
    {
        var ct = TestContext.Current.CancellationToken;
        var token = Session[..12];
        var registry = Environment.GetEnvironmentVariable("PORTAL_TEST_REGISTRY") is { Length: > 0 } r
            ? r
            : throw new InvalidOperationException("PORTAL_TEST_REGISTRY is not set: scripts/test.sh starts the loopback registry.");
        var remote = $"{registry}/portal-test-e2e/{token}:v1";
        // A labelled image in the registry and not on the engine, so the pull really transfers a layer.
        var maker = $"e2e-commit-{token}";
        await DockerCli.RunCheckedAsync(["run", "--name", maker, "--label", SessionLabel, E2EEnvironment.TestImage, "sh", "-c", $"echo {token} > /payload"], ct);
        await DockerCli.RunCheckedAsync(["commit", maker, remote], ct);
        await DockerCli.RunCheckedAsync(["rm", "-f", maker], ct);
        await DockerCli.RunCheckedAsync(["push", remote], ct);
        await DockerCli.RunCheckedAsync(["rmi", remote], ct);

        var page = await NewPageAsync();
        var baseUrl = Server.BaseUrl;
        await page.SignInAsync(baseUrl, "admin", PortalServer.AdminPassword);

        await page.OpenAsync(baseUrl + "/images/pull");
        await page.FillAsync("#pull-reference", remote);
        // The field binds on change: leave it so the Pull button knows there is a reference.
        await page.Locator("#pull-reference").PressAsync("Tab");
        await page.ClickAsync("[data-testid=pull-start]");
        var job = page.Locator("[data-testid=pull-job]", new() { HasText = remote });
        await Assertions.Expect(job.Locator("[data-testid=pull-state]")).ToHaveTextAsync("Succeeded");
        await Assertions.Expect(job.Locator("[data-testid=pull-layer]").First).ToBeVisibleAsync();
        await Assertions.Expect(job.Locator("[data-testid=pull-layer]", new() { HasText = "Pull complete" }).First).ToBeVisibleAsync();
        Assert.True(await DockerCli.ImageExistsAsync(remote, ct), $"{remote} is not on the engine after the pull.");

        var built = $"portal-test-e2e/{token}:built";
        await page.OpenAsync(baseUrl + "/images/build");
        await page.Locator(".mud-tab", new() { HasText = "Write a Dockerfile" }).ClickAsync();
        await page.FillAsync("#build-dockerfile-text",
            $"FROM {E2EEnvironment.TestImage}\nLABEL {SessionLabel}\nRUN echo built-by-e2e-{token}\nCMD [\"sh\"]\n");
        await page.FillAsync("#build-tags", built);
        await page.Locator("#build-tags").PressAsync("Tab");
        await page.ClickAsync("[data-testid=build-start]");
        await Assertions.Expect(page.Locator("[data-testid=build-state]")).ToHaveTextAsync("Succeeded");
        await Assertions.Expect(page.Locator("[data-testid=build-log]")).ToContainTextAsync($"built-by-e2e-{token}");
        await Assertions.Expect(page.Locator("[data-testid=build-log]")).ToContainTextAsync("Successfully tagged " + built);

        // A folder chosen in the browser: the page tars it (paths kept) and streams it; .dockerignore holds.
        var folder = Directory.CreateTempSubdirectory("e2e-build-folder-");
        try
        {
            Directory.CreateDirectory(Path.Combine(folder.FullName, "app", "conf"));
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "app", "conf", "hello.txt"), $"folder-{token}\n", ct);
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "secret.txt"), "must not reach the engine\n", ct);
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, ".dockerignore"), "secret.txt\n", ct);
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "Dockerfile"),
                $"FROM {E2EEnvironment.TestImage}\nLABEL {SessionLabel}\nCOPY . /ctx\nRUN test ! -e /ctx/secret.txt && cat /ctx/app/conf/hello.txt\n", ct);
            var fromFolder = $"portal-test-e2e/{token}:folder";
            await page.OpenAsync(baseUrl + "/images/build");
            await page.Locator(".mud-tab", new() { HasText = "Choose a folder" }).ClickAsync();
            await page.Locator("[data-testid=build-folder]").SetInputFilesAsync(folder.FullName);
            await Assertions.Expect(page.Locator("[data-testid=build-folder-summary]")).ToContainTextAsync("4 files");
            await page.FillAsync("#build-tags", fromFolder);
            await page.Locator("#build-tags").PressAsync("Tab");
            await page.ClickAsync("[data-testid=build-start]");
            // Scoped to this job: the page before showed the first build's (finished) job.
            var folderJob = page.Locator("[data-testid=build-job]", new() { HasText = fromFolder });
            await Assertions.Expect(page.Locator("[data-testid=build-upload-text]")).ToContainTextAsync("Sent 5");
            await Assertions.Expect(folderJob.Locator("[data-testid=build-state]")).ToHaveTextAsync("Succeeded");
            await Assertions.Expect(folderJob.Locator("[data-testid=build-log]")).ToContainTextAsync($"folder-{token}");
            Assert.True(await DockerCli.ImageExistsAsync(fromFolder, ct), $"{fromFolder} is not on the engine after the folder build.");
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        await page.OpenAsync(baseUrl + "/images?q=" + token);
        await Assertions.Expect(page.Locator("[data-testid=image-count]")).ToHaveTextAsync("3 images");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = built, Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = remote, Exact = true })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = built, Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=image-name]")).ToHaveTextAsync(built);
        // Run opens the Run form with the image filled in.
        await page.ClickAsync("[data-testid=image-run]");
        await page.WaitForURLAsync(url => url.Contains("/containers/run?image=", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("#run-image")).ToHaveValueAsync(built);
        await page.GoBackAsync();
        await Assertions.Expect(page.Locator("[data-testid=image-name]")).ToHaveTextAsync(built);
        await page.ClickAsync("[data-testid=image-remove]");
        await page.ClickAsync("[data-testid=confirm-ok]");
        await page.WaitForURLAsync(url => url.EndsWith("/images", StringComparison.Ordinal));
        await page.OpenAsync(baseUrl + "/images?q=" + token);
        await Assertions.Expect(page.Locator("[data-testid=image-count]")).ToHaveTextAsync("2 images");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = built, Exact = true })).ToHaveCountAsync(0);
        Assert.False(await DockerCli.ImageExistsAsync(built, ct), $"{built} is still on the engine.");
    }
}
