using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Portal.IntegrationTests.Api;

/// <summary>The real Portal web host (real SQLite file, real engine) with an in-memory HTTP transport.</summary>
public sealed class PortalApiFactory : WebApplicationFactory<Program>
{
    public const string AdminPassword = "admin-password-for-tests";

    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "portal-api-" + Guid.NewGuid().ToString("N"));

    /// <summary>Sign-in and token requests allowed per address and minute; high, since in-memory clients share one "address".</summary>
    public int SignInRateLimit { get; init; } = 10_000;

    /// <summary>Sets <c>Portal:Stats:KeepHistory</c> (sampling with no viewer).</summary>
    public bool KeepStatsHistory { get; init; }

    /// <summary>Sets <c>PORTAL_METRICS_TOKEN</c> when not null.</summary>
    public string? MetricsToken { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (MetricsToken is not null)
        {
            builder.UseSetting("PORTAL_METRICS_TOKEN", MetricsToken);
        }

        builder.UseSetting("Portal:Stats:KeepHistory", KeepStatsHistory ? "true" : "false");
        builder.UseEnvironment("Development");
        builder.UseSetting("PORTAL_DATA", DataFolder);
        builder.UseSetting("PORTAL_ADMIN_PASSWORD", AdminPassword);
        builder.UseSetting("PORTAL_ENGINE", "unix:///var/run/docker.sock");
        builder.UseSetting("PORTAL_HELPER_IMAGE", Portal.TestSupport.TestImage.Name);
        builder.UseSetting("PORTAL_SIGNIN_RATE_LIMIT", SignInRateLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>A client authenticated with a fresh personal access token of <paramref name="user"/>.</summary>
    public async Task<HttpClient> ClientForAsync(string user, string password, CancellationToken cancellationToken, bool readOnly = false)
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { username = user, password, name = "tests", readOnly }, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<TokenBody>(cancellationToken);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body!.Token);
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            try
            {
                Directory.Delete(DataFolder, recursive: true);
            }
            catch (IOException)
            {
                // SQLite may hold the file a moment longer; the temp folder is reclaimed by the OS.
            }
        }
    }

    private sealed record TokenBody(string Token);
}
