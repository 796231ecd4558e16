using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Portal.Engine.Configuration;
using Microsoft.AspNetCore.Identity;
using MudBlazor.Services;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Engine;
using Portal.Web.Api;
using Portal.Web.Components;
using Portal.Web.Configuration;
using Portal.Web.Hubs;
using Portal.Web.Model;
using Portal.Web.Security;

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
        });

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
            .AddDefaultTokenProviders();
        // Role changes, disabling and password changes rotate the security stamp; re-check it often.
        builder.Services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromSeconds(30));
        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "portal.auth";
            o.LoginPath = "/login";
            o.AccessDeniedPath = "/login";
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            // API clients get status codes, not a redirect to the sign-in page.
            o.Events.OnRedirectToLogin = ctx => ApiAware(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => ApiAware(ctx, StatusCodes.Status403Forbidden);
            o.Events.OnValidatePrincipal = SecurityStampValidator.ValidatePrincipalAsync;
        });
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
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(PortalRoles.TokenScheme, null);
        builder.Services.AddAuthorization();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, PortalRevalidatingAuthenticationStateProvider>();

        builder.Services.AddScoped<ActorFactory>();
        builder.Services.AddScoped<UserAdministration>();
        builder.Services.AddScoped<CurrentActor>();
        builder.Services.AddScoped<ContainerActionRunner>();
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddOpenApi();
        builder.Services.AddMudServices();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddSignalR(o => o.MaximumReceiveMessageSize = 64 * 1024)
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        return builder;
    }

    public static WebApplication MapPortal(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }

        app.UseStatusCodePages(async ctx =>
        {
            if (ctx.HttpContext.Request.Path.StartsWithSegments("/api"))
            {
                await Results.Problem(statusCode: ctx.HttpContext.Response.StatusCode).ExecuteAsync(ctx.HttpContext);
            }
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapOpenApi();
        var api = app.MapGroup("/api/v1").AddEndpointFilter(ApiProblems.FilterAsync).DisableAntiforgery();
        api.MapAuthApi();
        var secured = api.MapGroup("").RequireAuthorization();
        secured.MapContainersApi();
        secured.MapImagesApi();
        secured.MapImageJobsApi();
        secured.MapRegistriesApi();
        secured.MapImageBuildApi();
        secured.MapNetworksApi();
        secured.MapVolumesApi();
        secured.MapSystemApi();
        secured.MapAdminApi();
        secured.MapStacksApi();
        app.MapAccountEndpoints();
        app.MapPortalHubs();

        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    private static Task ApiAware(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}
