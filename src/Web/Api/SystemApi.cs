using Portal.Engine.DiskUsage;
using Portal.Engine.Pipeline;

namespace Portal.Web.Api;

/// <summary><c>/api/v1/system</c>: disk usage (<c>docker system df</c>) and prunes.</summary>
public static class SystemApi
{
    public static RouteGroupBuilder MapSystemApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/system").WithTags("System");

        group.MapGet("/df", async (HttpContext http, IDiskUsageOperations ops) =>
            TypedResults.Ok(await ops.GetAsync(await http.GetActorAsync(), http.RequestAborted)))
            .WithSummary("Disk usage by images, containers, volumes and build cache, as far as the caller may see.");

        group.MapPost("/prune/{scope}", async (HttpContext http, IDiskUsageOperations ops, string scope) =>
            TypedResults.Ok(await ops.PruneAsync(await http.GetActorAsync(), ParseScope(scope), http.RequestAborted)))
            .WithSummary("Prune containers, images, volumes, networks or buildcache (any letter case).");

        return api;
    }

    /// <summary>
    /// The scope as the README writes it (<c>containers</c>, <c>buildcache</c>, …) in any letter case; a
    /// binder for the enum would take only <c>Containers</c> (and numbers).
    /// </summary>
    public static PruneScope ParseScope(string scope)
    {
        var name = scope.Trim().Replace("-", "", StringComparison.Ordinal);
        foreach (var value in Enum.GetValues<PruneScope>())
        {
            if (string.Equals(value.ToString(), name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        throw OperationFailedException.Invalid($"'{scope}' is not a prune scope: use containers, images, volumes, networks or buildcache.");
    }
}
