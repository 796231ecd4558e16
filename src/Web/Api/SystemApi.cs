using Portal.Engine.DiskUsage;

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

        group.MapPost("/prune/{scope}", async (HttpContext http, IDiskUsageOperations ops, PruneScope scope) =>
            TypedResults.Ok(await ops.PruneAsync(await http.GetActorAsync(), scope, http.RequestAborted)))
            .WithSummary("Prune containers, images, volumes, networks or buildcache.");

        return api;
    }
}
