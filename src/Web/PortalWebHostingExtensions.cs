using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Portal.Engine.Configuration;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using MudBlazor.Services;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Engine;
using Portal.Web.Api;
using Portal.Web.Components;
using Portal.Web.Configuration;
using Portal.Web.Diagnostics;
using Portal.Web.Hubs;
using Portal.Web.Model;
using Portal.Web.Security;
using Portal.Web.Security.Oidc;
using Portal.Web.Security.TwoFactor;

namespace Portal.Web;

/// <summary>The web layer's two entry points: services and the request pipeline.</summary>
public static class PortalWebHostingExtensions
{
    public static WebApplicationBuilder AddPortalWeb(this WebApplicationBuilder builder)
    {
        // Kestrel's address is needed now; everything else reads the options when first resolved,
        // so hosts that add configuration later (tests) are honoured.
        var startup = WebOptions.From(builder.Configuration);
        builder.WebHost.UseUrls($"http://{(startup.Bind.Contains(':') ? $"[{startup.Bind}]" : startup.Bind)}:{startup.Port}");
        builder.Services.AddSingleton(sp =>
        {
            var options = WebOptions.From(sp.GetRequiredService<IConfiguration>());
            Directory.CreateDirectory(options.Data);
            return options;
        });

        builder.Services.AddPortalData(sp => Path.Combine(sp.GetRequiredService<WebOptions>().Data, "portal.db"));
        builder.Services.AddHostedService<AdminSeeder>();
        builder.Services.AddPortalEngine(_ => { });
        builder.Services.AddOptions<EngineOptions>().Configure<WebOptions>((engine, web) =>
        {
            engine.Endpoint = web.Engine;
            engine.HelperImage = web.HelperImage;
            engine.MaxBuildContextBytes = web.MaxBuildContextBytes;
            engine.StacksFolder = Path.Combine(web.Data, "stacks");
        });

        builder.Services.AddOptions<Portal.Engine.Stats.StatsOptions>().Bind(builder.Configuration.GetSection("Portal:Stats"));
        builder.Services.AddOptions<Portal.Engine.Logs.LogOptions>().Bind(builder.Configuration.GetSection("Portal:Logs"));
        builder.Services.AddOptions<Portal.Engine.Jobs.JobOptions>().Bind(builder.Configuration.GetSection("Portal:Jobs"));
        builder.Services.AddDataProtection().SetApplicationName("Portal");
        builder.Services.AddSingleton<Portal.Engine.Registries.ISecretProtector, Security.DataProtectionSecretProtector>();
        builder.Services.AddOptions<KeyManagementOptions>().Configure<WebOptions, ILoggerFactory>((keys, web, logs) =>
            keys.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(web.Data, "keys")), logs));

        builder.Services.AddIdentity<PortalUser, IdentityRole>(o =>
            {
                o.Password.RequiredLength = 8;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                o.Lockout.AllowedForNewUsers = true;
                o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@";
            })
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddUserManager<PortalUserManager>()
            .AddDefaultTokenProviders();
        builder.Services.AddPortalUserOperations();
        // Role changes, disabling and password changes rotate the security stamp; SessionValidation
        // compares it on every request (from memory); Identity's validator only refreshes claims.
        builder.Services.AddSingleton<SessionStamps>();
        builder.Services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(5));
        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "portal.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/login";
            o.AccessDeniedPath = "/login";
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            // API clients get status codes, not a redirect to the sign-in page.
            o.Events.OnRedirectToLogin = ctx => ApiAware(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => ApiAware(ctx, StatusCodes.Status403Forbidden);
            o.Events.OnValidatePrincipal = SessionValidation.ValidatePrincipalAsync;
        });
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // SecurityHeaders already says DENY; antiforgery would add a second, weaker SAMEORIGIN.
            o.SuppressXFrameOptionsHeader = true;
        });
        builder.Services.AddSignInRateLimits();
        builder.Services.AddAuthentication(o =>
            {
                // AddIdentity set cookie-only defaults; requests must be able to use either scheme.
                o.DefaultScheme = PortalRoles.Scheme;
                o.DefaultAuthenticateScheme = PortalRoles.Scheme;
                o.DefaultChallengeScheme = PortalRoles.Scheme;
                o.DefaultForbidScheme = PortalRoles.Scheme;
            })
            .AddPolicyScheme(PortalRoles.Scheme, "Cookie or token", o => o.ForwardDefaultSelector = ctx =>
                Hubs.PortalHubs.BearerToken(ctx.Request) is not null
                    ? PortalRoles.TokenScheme
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(PortalRoles.TokenScheme, null)
            .AddPortalOidc();
        builder.Services.AddScoped<ITwoFactorAccounts, TwoFactorAccounts>();
        builder.Services.AddAuthorization();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, PortalRevalidatingAuthenticationStateProvider>();

        builder.Services.AddScoped<Recovery.RecoveryCommands>();
        builder.Services.AddSingleton<Recovery.AdminSocketService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Recovery.AdminSocketService>());
        builder.Services.AddScoped<ActorFactory>();
        builder.Services.AddScoped<PasswordSignInCheck>();
        builder.Services.AddScoped<CurrentEnvironment>();
        builder.Services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, EnvironmentCircuitHandler>();
        builder.Services.AddScoped<CurrentActor>();
        builder.Services.AddScoped<HubEnvironment>();
        builder.Services.AddScoped<ContainerActionRunner>();
        builder.Services.AddSingleton<ExecSessionRegistry>();
        builder.Services.AddSingleton<Terminal.ExecAttachTickets>();
        builder.Services.AddProblemDetails();
        builder.Services.AddPortalHealth();
        // A body that does not bind throws, so ApiErrors can say which field, line and position.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddOpenApi();
        // Toasts at the bottom, where the page's action buttons (top right: Create, Deploy) are not.
        builder.Services.AddMudServices(o => o.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight);
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddSignalR(o =>
            {
                o.MaximumReceiveMessageSize = 64 * 1024;
                o.AddFilter<ReadOnlyHubFilter>();
            })
            .AddJsonProtocol(o =>
            {
                o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter());
                o.PayloadSerializerOptions.Converters.Add(new LogLinesJsonConverter());
            });
        return builder;
    }

    public static WebApplication MapPortal(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }

        app.UseSecurityHeaders();
        app.UsePortalRequestMetrics();
        // API clients get problem+json; a person who typed a wrong page address gets a page, not the browser's bare error.
        app.UseStatusCodePages(async ctx =>
        {
            var http = ctx.HttpContext;
            if (http.Request.Path.StartsWithSegments("/api"))
            {
                await Results.Problem(statusCode: http.Response.StatusCode).ExecuteAsync(http);
            }
            else if (IsPageRequest(http.Request))
            {
                await new Microsoft.AspNetCore.Http.HttpResults.RazorComponentResult<Components.Pages.StatusPage>(new { Code = http.Response.StatusCode }) { StatusCode = http.Response.StatusCode }.ExecuteAsync(http);
            }
        });
        app.UseApiErrors();
        app.UseRequestBodyLimits();
        app.UseAuthentication();
        app.UseReadOnlyGuard();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseRequestEnvironment();
        app.UsePageEnvironment();
        app.UseAntiforgery();

        app.MapPortalHealth();
        app.MapOpenApi();
        var api = app.MapGroup("/api/v1").AddEndpointFilter(ApiProblems.FilterAsync).DisableAntiforgery();
        api.MapAuthApi();
        var secured = api.MapGroup("").RequireAuthorization();
        secured.MapEnvironmentResourceApis();
        secured.MapRegistriesApi();
        secured.MapAdminApi();
        secured.MapEnvironmentsApi();
        secured.MapPolicyApi();
        secured.MapAuditApi();
        secured.MapTokensApi();
        app.MapAccountEndpoints();
        app.Services.RemoveOidcWhenUnconfigured();
        app.MapOidcEndpoints();
        app.MapTwoFactorEndpoints();
        app.MapPortalHubs();

        app.MapStaticAssets();
        // SecurityHeaders sends frame-ancestors 'none' on every response; Blazor's own second header is not needed.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);
        return app;
    }

    private static Task ApiAware(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        // API and hub clients get a status code, not a login page.
        if (ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Path.StartsWithSegments(Hubs.PortalHubs.Prefix))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>A browser asking for a page: not the API, hubs, Blazor's own endpoints or a static file.</summary>
    private static bool IsPageRequest(HttpRequest request) =>
        HttpMethods.IsGet(request.Method)
        && !request.Path.StartsWithSegments("/api")
        && !request.Path.StartsWithSegments("/hubs")
        && !request.Path.StartsWithSegments("/_blazor")
        && !request.Path.StartsWithSegments("/_framework")
        && !request.Path.StartsWithSegments("/openapi")
        && !System.IO.Path.HasExtension(request.Path.Value);
}
