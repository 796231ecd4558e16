using Microsoft.AspNetCore.Mvc;
using Portal.Engine.Networks;

namespace Portal.Web.Api;

/// <summary><c>/api/v1/networks</c>: ls, inspect, create, connect, disconnect, rm, prune.</summary>
public static class NetworksApi
{
    public static RouteGroupBuilder MapNetworksApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/networks").WithTags("Networks");

        group.MapGet("/", async (HttpContext http, INetworkOperations ops) =>
            TypedResults.Ok(await ops.ListAsync(await http.GetActorAsync(), http.RequestAborted)))
            .WithSummary("List networks the caller may see: their teams', shared ones and the built-in ones.");

        group.MapGet("/{idOrName}", async (HttpContext http, INetworkOperations ops, string idOrName) =>
            TypedResults.Ok(await ops.GetAsync(await http.GetActorAsync(), idOrName, http.RequestAborted)))
            .WithSummary("Inspect a network and the containers attached to it.");

        group.MapPost("/", async (HttpContext http, INetworkOperations ops, [FromBody] CreateNetworkRequest request) =>
        {
            var created = await ops.CreateAsync(await http.GetActorAsync(), request, http.RequestAborted);
            return TypedResults.Created(http.ApiPath($"/networks/{Uri.EscapeDataString(created.Name)}"), created);
        }).WithSummary("Create a network owned by a team (docker network create).");

        group.MapPost("/{idOrName}/connect", async (HttpContext http, INetworkOperations ops, string idOrName, [FromBody] ConnectNetworkRequest request) =>
        {
            await ops.ConnectAsync(await http.GetActorAsync(), idOrName, request, http.RequestAborted);
            return TypedResults.NoContent();
        }).WithSummary("Connect a container: {\"container\", \"aliases\", \"ipv4Address\"}.");

        group.MapPost("/{idOrName}/disconnect", async (HttpContext http, INetworkOperations ops, string idOrName, [FromBody] DisconnectNetworkRequest request) =>
        {
            await ops.DisconnectAsync(await http.GetActorAsync(), idOrName, request.Container, request.Force, http.RequestAborted);
            return TypedResults.NoContent();
        }).WithSummary("Disconnect a container: {\"container\", \"force\"}.");

        group.MapDelete("/{idOrName}", async (HttpContext http, INetworkOperations ops, string idOrName) =>
        {
            await ops.RemoveAsync(await http.GetActorAsync(), idOrName, http.RequestAborted);
            return TypedResults.NoContent();
        }).WithSummary("Remove a network; refused (409) while containers are attached.");

        group.MapPost("/prune", async (HttpContext http, INetworkOperations ops) =>
            TypedResults.Ok(await ops.PruneAsync(await http.GetActorAsync(), http.RequestAborted)))
            .WithSummary("Remove unused networks (the caller's teams' only, unless admin).");

        return api;
    }
}

