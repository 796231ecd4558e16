using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.IntegrationTests.Security.Oidc;

/// <summary>Portal on a real Kestrel loopback port with single sign-on against a given provider.</summary>
public sealed class OidcPortal : WebApplicationFactory<Program>
{
    public const string AdminPassword = "oidc-admin-password";

    public const string DisplayName = "Test IdP";

    private readonly string _data = Path.Combine(Path.GetTempPath(), "portal-oidc-" + Guid.NewGuid().ToString("N"));
    private readonly Uri _authority;
    private readonly string _map;

    public OidcPortal(Uri authority, string map)
    {
        _authority = authority;
        _map = map;
        UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
    }

    public Uri BaseAddress { get; }

    public Uri CallbackUri => new(BaseAddress, "signin-oidc");

    /// <summary>A client with a fresh admin token, for checking what sign-in did.</summary>
    public async Task<HttpClient> AdminAsync(CancellationToken ct)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { username = "admin", password = AdminPassword, name = "oidc-tests" }, ct);
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ct)).GetProperty("token").GetString();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("PORTAL_DATA", _data);
        builder.UseSetting("PORTAL_ADMIN_PASSWORD", AdminPassword);
        builder.UseSetting("PORTAL_ENGINE", "unix:///var/run/docker.sock");
        builder.UseSetting("PORTAL_PORT", "0");
        builder.UseSetting("PORTAL_ADMIN_SOCKET", "");
        builder.UseSetting("PORTAL_SIGNIN_RATE_LIMIT", "10000");
        builder.UseSetting("Portal:Oidc:Authority", _authority.ToString());
        builder.UseSetting("Portal:Oidc:ClientId", TestOidcProvider.ClientId);
        builder.UseSetting("Portal:Oidc:ClientSecret", TestOidcProvider.ClientSecret);
        builder.UseSetting("Portal:Oidc:Scopes", "profile " + TestOidcProvider.GroupsScope);
        builder.UseSetting("Portal:Oidc:DisplayName", DisplayName);
        builder.UseSetting("Portal:Oidc:Map", _map);
        builder.UseSetting("Portal:Oidc:TimeoutSeconds", "60");
        // The test provider speaks plain HTTP on loopback.
        builder.UseSetting("Portal:Oidc:RequireHttpsMetadata", "false");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may hold the file a moment longer; it is a temp folder.
        }
    }
}
