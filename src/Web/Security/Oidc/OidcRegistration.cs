using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Portal.Engine.Audit;
using Portal.Web.Utils;

namespace Portal.Web.Security.Oidc;

/// <summary>Registers OpenID Connect sign-in; the scheme is removed at start when it is not configured.</summary>
public static class OidcRegistration
{
    public static AuthenticationBuilder AddPortalOidc(this AuthenticationBuilder authentication)
    {
        var services = authentication.Services;
        services.AddOptions<OidcSettings>().Configure<IConfiguration>((s, c) => OidcSettings.Read(c, s)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OidcSettings>, ValidateOidcSettings>();
        services.AddScoped<ExternalSignIn>();
        authentication.AddOpenIdConnect(OidcSettings.Scheme, _ => { });
        // Read lazily, so settings that hosts add after registration (tests) are honoured.
        services.AddOptions<OpenIdConnectOptions>(OidcSettings.Scheme).Configure<IOptions<OidcSettings>>((o, settings) =>
        {
            var s = settings.Value;
            o.Authority = s.Authority;
            o.ClientId = s.ClientId;
            o.ClientSecret = string.IsNullOrEmpty(s.ClientSecret) ? null : s.ClientSecret;
            o.RequireHttpsMetadata = s.RequireHttpsMetadata;
            o.BackchannelTimeout = TimeSpan.FromSeconds(s.TimeoutSeconds);
            o.ResponseType = OpenIdConnectResponseType.Code;
            o.UsePkce = true;
            // The code comes back on a top-level GET, so the correlation and nonce cookies can stay
            // SameSite=Lax; form_post would need SameSite=None, which browsers drop without HTTPS.
            o.ResponseMode = OpenIdConnectResponseMode.Query;
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.NonceCookie.SameSite = SameSiteMode.Lax;
            o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.CallbackPath = OidcSettings.CallbackPath;
            o.SignInScheme = IdentityConstants.ExternalScheme;
            o.SaveTokens = false;
            // Keep the provider's claim names (sub, groups) as they are.
            o.MapInboundClaims = false;
            o.GetClaimsFromUserInfoEndpoint = false;
            o.Scope.Clear();
            o.Scope.Add("openid");
            foreach (var scope in s.Scopes.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                o.Scope.Add(scope);
            }

            o.Events.OnRemoteFailure = OnRemoteFailureAsync;
        });
        return authentication;
    }

    /// <summary>Drops the scheme when sign-in with a provider is not configured, so nothing answers its callback.</summary>
    public static void RemoveOidcWhenUnconfigured(this IServiceProvider services)
    {
        if (!services.GetRequiredService<IOptions<OidcSettings>>().Value.Enabled)
        {
            // A no-op when the scheme is already gone.
            services.GetRequiredService<IAuthenticationSchemeProvider>().RemoveScheme(OidcSettings.Scheme);
        }
    }

    /// <summary>The provider refused, or its token endpoint could not be reached: back to the sign-in page, saying so.</summary>
    private static async Task OnRemoteFailureAsync(RemoteFailureContext context)
    {
        var settings = context.HttpContext.RequestServices.GetRequiredService<IOptions<OidcSettings>>().Value;
        var reason = context.Failure?.Message ?? "unknown error";
        reason = reason.Length > 300 ? reason[..300] : reason;
        await context.HttpContext.RequestServices.GetRequiredService<SignInAudit>().RecordAsync(
            ExternalSignIn.AuditAction, "(" + settings.DisplayName + ")", context.HttpContext.Connection.RemoteIpAddress?.ToString(), false, reason);
        context.Response.Redirect(PortalUrls.Login(null, $"Sign-in with {settings.DisplayName} did not complete: {reason}"));
        context.HandleResponse();
    }
}
