using Portal.Web.Terminal;

namespace Portal.Web.Hubs;

/// <summary>
/// Where SignalR hubs live. Every hub is under <see cref="Prefix"/>, requires a signed-in caller
/// (cookie, or a bearer token sent as the <c>access_token</c> query value, which is how browsers'
/// WebSocket clients pass it) and reaches the engine only through the Engine pipeline.
/// </summary>
public static class PortalHubs
{
    /// <summary>Path prefix of every hub.</summary>
    public const string Prefix = "/hubs";

    /// <summary>Maps each hub; one line per hub.</summary>
    public static IEndpointRouteBuilder MapPortalHubs(this IEndpointRouteBuilder app)
    {
        var hubs = app.MapGroup(Prefix).RequireAuthorization();
        hubs.MapHub<LogStreamHub>("/logs");
        hubs.MapHub<ExecHub>("/exec");
        hubs.MapHub<JobsHub>("/jobs");
        hubs.MapHub<StatsHub>("/stats");
        hubs.MapExecSocket();
        return app;
    }

    /// <summary>The bearer token of a request: the Authorization header, or on hub paths the access_token query value.</summary>
    public static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        if (request.Path.StartsWithSegments(Prefix))
        {
            var query = request.Query["access_token"].ToString();
            return query.Length > 0 ? query : null;
        }

        return null;
    }
}
