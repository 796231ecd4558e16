using Portal.Engine.Stats;

namespace Portal.Web.Api;

/// <summary>Live stats: <c>/api/v1/containers/{idOrName}/stats</c>, <c>/api/v1/stats</c> and <c>/api/v1/system/overview</c>.</summary>
public static class StatsApi
{
    public static RouteGroupBuilder MapStatsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/containers/{idOrName}/stats", async (HttpContext http, IStatsOperations ops, string idOrName) =>
            TypedResults.Ok(await ops.GetAsync(await http.GetActorAsync(), idOrName, http.RequestAborted)))
            .WithTags("Stats")
            .WithSummary("One sample of a running container (like docker stats --no-stream <name>); 409 when it is not running.");

        api.MapGet("/containers/{idOrName}/stats/history", async (HttpContext http, IStatsOperations ops, string idOrName) =>
            TypedResults.Ok(await ops.HistoryAsync(await http.GetActorAsync(), idOrName, http.RequestAborted)))
            .WithTags("Stats")
            .WithSummary("The kept samples of a container, oldest first (up to 15 minutes at 1 s, while somebody watches).");

        api.MapGet("/stats", async (HttpContext http, IStatsOperations ops) =>
            TypedResults.Ok(await ops.ListAsync(await http.GetActorAsync(), http.RequestAborted)))
            .WithTags("Stats")
            .WithSummary("One sample of every running container the caller may see (like docker stats --no-stream).");

        api.MapGet("/system/overview", async (HttpContext http, IStatsOperations ops) =>
            TypedResults.Ok(await ops.GetHostAsync(await http.GetActorAsync(), http.RequestAborted)))
            .WithTags("System")
            .WithSummary("Host overview: CPUs, memory, disk free of the engine's data root, container counts, engine version.");

        return api;
    }
}
