using System.Net.Http.Json;
using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>
/// One browser scenario: its own Portal server and Chromium, a session label for what it creates on
/// the engine, a screenshot of every page it opened when it fails, and removal of exactly what it labelled.
/// </summary>
public abstract class BrowserScenario : IAsyncLifetime
{
    private readonly List<IPage> _pages = [];
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private PortalServer? _server;

    protected string Session { get; } = Guid.NewGuid().ToString("N");

    protected string SessionLabel => $"portal-test.session={Session}";

    protected PortalServer Server => _server ?? throw new InvalidOperationException("The scenario has not started.");

    protected IBrowser Browser => _browser ?? throw new InvalidOperationException("The scenario has not started.");

    public async ValueTask InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(15_000);
        await E2EEnvironment.RequireAsync(TestContext.Current.CancellationToken);
        _server = new PortalServer();
        _server.Start();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = E2EEnvironment.Chromium, Args = E2EEnvironment.ChromiumArgs });
    }

    /// <summary>A page in a fresh browser context (its own cookies), kept for the failure screenshots.</summary>
    /// <param name="width">Viewport width in CSS pixels.</param>
    /// <param name="height">Viewport height in CSS pixels.</param>
    /// <param name="colorScheme">What <c>prefers-color-scheme</c> answers (light unless said).</param>
    /// <param name="bypassCsp">For pages that inject axe-core: Portal's policy rightly refuses a script it did not serve.</param>
    /// <param name="scale">Device pixels per CSS pixel: below 1 for small screenshots.</param>
    protected async Task<IPage> NewPageAsync(int width = 1440, int height = 900, ColorScheme colorScheme = ColorScheme.Light, bool bypassCsp = false, float scale = 1)
    {
        var context = await Browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = width, Height = height },
            ColorScheme = colorScheme,
            BypassCSP = bypassCsp,
            DeviceScaleFactor = scale,
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        _pages.Add(page);
        return page;
    }

    /// <summary>An API client signed in as the built-in admin with a fresh bearer token.</summary>
    protected async Task<HttpClient> AdminApiAsync(string tokenName, CancellationToken cancellationToken)
    {
        var http = new HttpClient { BaseAddress = new Uri(Server.BaseUrl) };
        var login = await http.PostAsJsonAsync("/api/v1/auth/token", new { username = "admin", password = PortalServer.AdminPassword, name = tokenName }, cancellationToken);
        login.EnsureSuccessStatusCode();
        http.DefaultRequestHeaders.Authorization = new("Bearer", (await login.Content.ReadFromJsonAsync<TokenBody>(cancellationToken))!.Token);
        return http;
    }

    /// <summary>A team and an operator of it, made through the API as the built-in admin.</summary>
    protected async Task CreateTeamAndOperatorThroughApiAsync(string team, string userName, string password, CancellationToken ct)
    {
        using var http = await AdminApiAsync("e2e", ct);
        (await http.PostAsJsonAsync("/api/v1/teams", new { name = team }, ct)).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync("/api/v1/users", new { username = userName, password, role = "Operator", teams = new[] { team } }, ct)).EnsureSuccessStatusCode();
    }

    /// <summary>The session label as the API's <c>labels</c> map.</summary>
    protected Dictionary<string, string> SessionLabels() => new() { ["portal-test.session"] = Session };

    /// <summary>Removes what this scenario labelled on the engine; containers by default.</summary>
    protected virtual Task CleanUpEngineAsync() => DockerCli.RemoveLabelledAsync(SessionLabel, CancellationToken.None);

    /// <summary>Under the repository's TestResults when found (CI collects it), else the temp folder.</summary>
    protected static string ScreenshotPath(string file)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "src", "Web", "Portal.Web.csproj")))
        {
            dir = dir.Parent;
        }

        var folder = Path.Combine(dir?.FullName ?? Path.GetTempPath(), "TestResults", "e2e");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, file);
    }

    public async ValueTask DisposeAsync()
    {
        if (TestContext.Current.TestState?.Result is TestResult.Failed)
        {
            // What each person last saw is the quickest clue to a failed browser step.
            for (var i = 0; i < _pages.Count; i++)
            {
                if (_pages[i].IsClosed)
                {
                    continue;
                }

                await _pages[i].ScreenshotAsync(new() { Path = ScreenshotPath($"{GetType().Name}-{Session[..8]}-page{i}.png") });
            }
        }

        // Only what this scenario labelled, whatever state it left it in.
        await CleanUpEngineAsync();
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    private sealed record TokenBody(int Id, string Token);
}
