namespace Portal.Web.Model;

/// <summary>
/// Prerendering runs a page's first pass inside the HTTP request, before any circuit exists: this enters
/// the <c>env</c> of the page's URL for that request, as <see cref="EnvironmentCircuitHandler"/> does for the circuit.
/// </summary>
public static class PageEnvironment
{
    public static IApplicationBuilder UsePageEnvironment(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (!HttpMethods.IsGet(http.Request.Method) || !http.Request.Query.ContainsKey(Utils.PortalUrls.EnvironmentQuery)
            || http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments(Hubs.PortalHubs.Prefix))
        {
            await next(http);
            return;
        }

        var current = http.RequestServices.GetRequiredService<CurrentEnvironment>();
        current.SetFromUri(http.Request.QueryString.Value ?? "");
        using (current.Enter())
        {
            await next(http);
        }
    });
}
