using System.Net.Http.Json;
using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>
/// Every page of the route table, with a real object behind each address: no serious or critical axe-core
/// violation in the light scheme or the dark one, and a fresh screenshot of each at 1440×900 and 390×844 for
/// the README's "What you see" (docs/screenshots; the test keeps them current).
/// </summary>
public sealed class PageTourTests : BrowserScenario
{
    protected override async Task CleanUpEngineAsync()
    {
        await base.CleanUpEngineAsync();
        await DockerCli.RemoveLabelledNetworksAndVolumesAsync(SessionLabel, CancellationToken.None);
    }

    [Fact]
    public async Task EveryPage_LightAndDark_NoSeriousAxeViolation_ScreenshotsAtBothSizes()
    {
        var ct = TestContext.Current.CancellationToken;
        var baseUrl = Server.BaseUrl;
        var objects = await CreateObjectsAsync(ct);
        var pages = PageRoutes.SignedIn.Select(t => (Template: t, Url: baseUrl + PageRoutes.Fill(t, objects))).ToList();
        var folder = ScreenshotFolder();
        var violations = new List<string>();

        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            // Half-size pixels keep the README's pictures small; axe reads the same page either way.
            var page = await NewPageAsync(colorScheme: scheme, bypassCsp: true, scale: scheme == ColorScheme.Light ? 0.5f : 1);
            await page.SignInAsync(baseUrl, "admin", PortalServer.AdminPassword);
            foreach (var (template, url) in pages)
            {
                await OpenSettledAsync(page, url);
                violations.AddRange((await page.SeriousViolationsAsync()).Select(v => $"{template} ({scheme}): {v}"));
                // The README shows the light scheme; the dark pictures go with the test results for a look.
                await page.ScreenshotAsync(new() { Path = scheme == ColorScheme.Light
                    ? Path.Combine(folder, PageRoutes.Slug(template) + "-1440.png")
                    : ScreenshotPath("dark-" + PageRoutes.Slug(template) + "-1440.png") });
            }
        }

        var phone = await NewPageAsync(390, 844, scale: 0.75f);
        await phone.SignInAsync(baseUrl, "admin", PortalServer.AdminPassword);
        foreach (var (template, url) in pages)
        {
            await OpenSettledAsync(phone, url);
            await phone.ScreenshotAsync(new() { Path = Path.Combine(folder, PageRoutes.Slug(template) + "-390.png") });
        }

        Assert.True(violations.Count == 0, $"{violations.Count} serious or critical accessibility violations:\n" + string.Join("\n", violations));
    }

    /// <summary>Opens the page and waits for its heading and for MudBlazor's loading bars to finish, so what is checked is what a person reads.</summary>
    private static async Task OpenSettledAsync(IPage page, string url)
    {
        try
        {
            await page.GotoAsync(url);
        }
        catch (PlaywrightException ex) when (ex.Message.Contains("ERR_ABORTED", StringComparison.Ordinal))
        {
            // The page left behind may still be navigating (a Blazor page closing its circuit); once more is enough.
            await page.GotoAsync(url);
        }

        // Every page turns interactive and only then applies the person's colour scheme, so axe must not read it before.
        await page.WaitInteractiveAsync();

        await Assertions.Expect(page.Locator("h1").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".mud-table-loading, .mud-progress-linear-indeterminate")).ToHaveCountAsync(0, new() { Timeout = 15_000 });
    }

    private async Task<PageObjects> CreateObjectsAsync(CancellationToken ct)
    {
        using var api = await AdminApiAsync("tour", ct);
        var suffix = Session[..8];
        var labels = SessionLabels();
        var container = $"e2e-tour-{suffix}";
        (await api.PostAsJsonAsync("/api/v1/containers", new { image = E2EEnvironment.TestImage, name = container, command = new[] { "sh", "-c", "echo hello; sleep 3600" }, labels }, ct)).EnsureSuccessStatusCode();
        var network = $"e2e-tour-{suffix}";
        (await api.PostAsJsonAsync("/api/v1/networks", new { name = network, labels }, ct)).EnsureSuccessStatusCode();
        var volume = $"e2e-tour-{suffix}";
        (await api.PostAsJsonAsync("/api/v1/volumes", new { name = volume, labels }, ct)).EnsureSuccessStatusCode();
        var team = $"e2e-tour-{suffix}";
        (await api.PostAsJsonAsync("/api/v1/teams", new { name = team }, ct)).EnsureSuccessStatusCode();
        var stack = $"e2etour{suffix}";
        var compose = $"services:\n  app:\n    image: {E2EEnvironment.TestImage}\n    command: [\"sleep\", \"3600\"]\n";
        (await api.PostAsJsonAsync("/api/v1/stacks", new { name = stack, team, files = new[] { new { name = "compose.yaml", content = compose } } }, ct)).EnsureSuccessStatusCode();
        return new PageObjects(container, E2EEnvironment.TestImage, network, volume, stack);
    }

    /// <summary>docs/screenshots of the repository (the README links them), else the test results folder.</summary>
    private static string ScreenshotFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "src", "Web", "Portal.Web.csproj")))
        {
            dir = dir.Parent;
        }

        var folder = dir is null ? Path.GetDirectoryName(ScreenshotPath("x"))! : Path.Combine(dir.FullName, "docs", "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
