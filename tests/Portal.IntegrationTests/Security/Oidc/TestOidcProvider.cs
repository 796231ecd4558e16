using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Portal.IntegrationTests.Security.Oidc;

/// <summary>
/// A small OpenID Connect provider for tests (OpenIddict on Kestrel, http://127.0.0.1:random):
/// authorization code + PKCE for one confidential client, a login form that takes a user name,
/// and id tokens carrying a <c>groups</c> claim from <see cref="Users"/>, which tests edit.
/// </summary>
public sealed class TestOidcProvider : IAsyncDisposable
{
    public const string ClientId = "portal-tests";

    public const string ClientSecret = "portal-tests-secret";

    public const string GroupsScope = "groups";

    private readonly WebApplication _app;
    private readonly string _database;

    private TestOidcProvider(WebApplication app, string database, Uri authority, ConcurrentDictionary<string, string[]> users)
    {
        _app = app;
        _database = database;
        Authority = authority;
        Users = users;
    }

    /// <summary>The issuer, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Authority { get; }

    /// <summary>Who may sign in at the provider, with their groups; read at each authorization.</summary>
    public ConcurrentDictionary<string, string[]> Users { get; }

    public static async Task<TestOidcProvider> StartAsync(CancellationToken cancellationToken)
    {
        var database = Path.Combine(Path.GetTempPath(), "portal-oidc-provider-" + Guid.NewGuid().ToString("N") + ".db");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Services.AddDbContext<ProviderDb>(o => o.UseSqlite($"Data Source={database};Pooling=False").UseOpenIddict());
        builder.Services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<ProviderDb>())
            .AddServer(o =>
            {
                o.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                o.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email, GroupsScope);
                // Plain HTTP on loopback, for tests only.
                o.UseAspNetCore().EnableAuthorizationEndpointPassthrough().DisableTransportSecurityRequirement();
            });
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.Cookie.Name = "test-provider.auth";
            o.LoginPath = "/login";
        });

        var app = builder.Build();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ProviderDb>().Database.EnsureCreatedAsync(cancellationToken);
        }

        app.UseAuthentication();
        var users = new ConcurrentDictionary<string, string[]>(StringComparer.Ordinal);
        MapEndpoints(app, users);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new TestOidcProvider(app, database, new Uri(address.TrimEnd('/') + "/"), users);
    }

    /// <summary>Registers the Portal client with its callback URL (known only once Portal listens).</summary>
    public async Task RegisterClientAsync(Uri redirectUri, CancellationToken cancellationToken)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        await applications.CreateAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = ClientId,
            ClientSecret = ClientSecret,
            ClientType = ClientTypes.Confidential,
            RedirectUris = { redirectUri },
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.ResponseTypes.Code,
                Permissions.Scopes.Profile,
                Permissions.Scopes.Email,
                Permissions.Prefixes.Scope + GroupsScope,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        }, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        File.Delete(_database);
    }

    private static void MapEndpoints(WebApplication app, ConcurrentDictionary<string, string[]> users)
    {
        app.MapPost("/login", async (HttpContext http) =>
        {
            var form = await http.Request.ReadFormAsync();
            var name = form["username"].ToString();
            if (!users.ContainsKey(name))
            {
                return Results.Unauthorized();
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], CookieAuthenticationDefaults.AuthenticationScheme);
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
            var back = form["ReturnUrl"].ToString();
            return Results.Redirect(back.StartsWith('/') ? back : "/");
        });

        app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], async (HttpContext http) =>
        {
            var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
            var signedIn = await http.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            var name = signedIn.Principal?.Identity?.Name;
            if (!signedIn.Succeeded || name is null || !users.TryGetValue(name, out var groups))
            {
                return Results.Challenge(new AuthenticationProperties { RedirectUri = http.Request.Path + http.Request.QueryString },
                    [CookieAuthenticationDefaults.AuthenticationScheme]);
            }

            var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
            identity.SetClaim(Claims.Subject, "subject-" + name);
            identity.SetClaim(Claims.Name, name);
            identity.SetClaim(Claims.PreferredUsername, name);
            identity.SetClaims("groups", [.. groups]);
            identity.SetScopes(request.GetScopes());
            identity.SetDestinations(_ => [Destinations.IdentityToken, Destinations.AccessToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), null, OpenIddict.Server.AspNetCore.OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });
    }

    private sealed class ProviderDb(DbContextOptions<ProviderDb> options) : DbContext(options);
}
