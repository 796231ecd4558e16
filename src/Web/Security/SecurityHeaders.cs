using Microsoft.Extensions.Options;
using Portal.Web.Security.Oidc;

namespace Portal.Web.Security;

/// <summary>Response headers that keep the pages out of frames, sniffing and foreign scripts.</summary>
public static class SecurityHeaders
{
    /// <summary>
    /// The content security policy. Scripts only from Portal itself (Blazor and MudBlazor ship as
    /// files); styles also inline, because Blazor Server and MudBlazor set style attributes;
    /// the circuit's WebSocket is same-origin, which <c>'self'</c> covers.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
        + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The policy, letting the single sign-on form's redirect reach the provider: browsers apply
    /// <c>form-action</c> to every redirect that follows a form post.
    /// </summary>
    public static string PolicyFor(OidcSettings oidc) =>
        oidc.Enabled && Uri.TryCreate(oidc.Authority, UriKind.Absolute, out var authority)
            ? ContentSecurityPolicy.Replace("form-action 'self'", "form-action 'self' " + authority.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal)
            : ContentSecurityPolicy;

    /// <summary>Adds the headers to every response before the rest of the pipeline runs.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var policy = PolicyFor(app.ApplicationServices.GetRequiredService<IOptions<OidcSettings>>().Value);
        return app.Use(async (context, next) => await AddAsync(context, next, policy));
    }

    private static async Task AddAsync(HttpContext context, RequestDelegate next, string policy)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        headers.ContentSecurityPolicy = policy;
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        await next(context);
    }
}
