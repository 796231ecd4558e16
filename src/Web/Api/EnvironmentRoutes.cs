namespace Portal.Web.Api;

/// <summary>
/// The resource API (everything that works on one engine) exists twice: unprefixed, addressing the
/// local environment so existing clients keep working, and under <c>/api/v1/environments/{env}</c>.
/// One mapping function serves both, so the two forms cannot drift apart. Portal-wide routes (users,
/// teams, tokens, policy, audit, registry logins, environments themselves) are mapped elsewhere, once.
/// </summary>
public static class EnvironmentRoutes
{
    /// <summary>Prefix of the routes naming their environment, under <c>/api/v1</c>.</summary>
    public const string Prefix = "/environments/{" + RequestEnvironment.RouteValue + "}";

    /// <summary>Maps the resource API unprefixed (local) and under <see cref="Prefix"/>.</summary>
    public static RouteGroupBuilder MapEnvironmentResourceApis(this RouteGroupBuilder secured)
    {
        ArgumentNullException.ThrowIfNull(secured);
        MapResourceApis(secured.MapGroup("").InEnvironment());
        MapResourceApis(secured.MapGroup(Prefix).InEnvironment());
        return secured;
    }

    private static void MapResourceApis(RouteGroupBuilder group)
    {
        group.MapContainersApi();
        group.MapLogsApi();
        group.MapExecApi();
        group.MapImagesApi();
        group.MapImageJobsApi();
        group.MapImageBuildApi();
        group.MapNetworksApi();
        group.MapVolumesApi();
        group.MapSystemApi();
        group.MapStatsApi();
        group.MapStacksApi();
    }
}
