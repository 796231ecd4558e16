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

    /// <summary>Adds the headers to every response before the rest of the pipeline runs.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        await next(context);
    });
}
