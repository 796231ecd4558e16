using Microsoft.AspNetCore.Mvc;
using Portal.Engine.Containers;
using Portal.Engine.Pipeline;

namespace Portal.Web.Api;

/// <summary><c>/api/v1/containers</c>: ps, inspect, run, start, stop, restart, kill, rm.</summary>
public static class ContainersApi
{
    public static RouteGroupBuilder MapContainersApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/containers").WithTags("Containers");

        group.MapGet("/", async (HttpContext http, IContainerOperations ops, bool? all, string? state, string? q, string? team,
            bool? removed, string? sort, bool? desc, int? skip, int? take, string? environment) =>
        {
            var page = await ops.ListAsync(await http.GetActorAsync(), new ContainerListRequest
            {
                AllEnvironments = EnvironmentParameter.MeansAll(environment),
                All = all ?? false,
                State = state,
                Text = q,
                Team = team,
                Removed = removed ?? false,
                Sort = sort ?? "name",
                Descending = desc ?? false,
                Skip = skip ?? 0,
                Take = Math.Clamp(take ?? 1000, 1, Paging.MaxPageSize),
            }, http.RequestAborted);
            http.Response.Headers["X-Total-Count"] = page.Total.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Ok(page.Items);
        }).WithSummary("List containers the caller may see (like docker ps; all=true for docker ps -a); environment=all lists every environment the caller may use, each row naming its environment.");

        group.MapGet("/{idOrName}", async (HttpContext http, IContainerOperations ops, string idOrName) =>
            TypedResults.Ok(await ops.GetAsync(await http.GetActorAsync(), idOrName, http.RequestAborted)))
            .WithSummary("Inspect a container.");

        group.MapPost("/", async (HttpContext http, IContainerOperations ops, [FromBody] RunContainerRequest request) =>
        {
            var created = await ops.RunAsync(await http.GetActorAsync(), request, http.RequestAborted);
            return TypedResults.Created(http.ApiPath($"/containers/{created.Id}"), created);
        }).WithSummary("Create and start a container (docker run -d).");

        group.MapPost("/{idOrName}/start", async (HttpContext http, IContainerOperations ops, string idOrName) =>
        {
            await ops.StartAsync(await http.GetActorAsync(), idOrName, http.RequestAborted);
            return TypedResults.NoContent();
        });

        group.MapPost("/{idOrName}/stop", async (HttpContext http, IContainerOperations ops, string idOrName, int? t) =>
        {
            await ops.StopAsync(await http.GetActorAsync(), idOrName, t, http.RequestAborted);
            return TypedResults.NoContent();
        }).WithSummary("Stop a container; t is the seconds to wait before killing it.");

        group.MapPost("/{idOrName}/restart", async (HttpContext http, IContainerOperations ops, string idOrName, int? t) =>
        {
            await ops.RestartAsync(await http.GetActorAsync(), idOrName, t, http.RequestAborted);
            return TypedResults.NoContent();
        });

        group.MapPost("/{idOrName}/kill", async (HttpContext http, IContainerOperations ops, string idOrName, string? signal) =>
        {
            await ops.KillAsync(await http.GetActorAsync(), idOrName, signal, http.RequestAborted);
            return TypedResults.NoContent();
        });

        group.MapDelete("/{idOrName}", async (HttpContext http, IContainerOperations ops, string idOrName, bool? force) =>
        {
            await ops.RemoveAsync(await http.GetActorAsync(), idOrName, force ?? false, http.RequestAborted);
            return TypedResults.NoContent();
        }).WithSummary("Remove a container and its anonymous volumes; force=true stops it first.");

        group.MapPut("/{idOrName}/team", async (HttpContext http, IContainerOperations ops, string idOrName, [FromBody] AssignTeamRequest body) =>
        {
            await ops.AssignTeamAsync(await http.GetActorAsync(), idOrName, body.Team, http.RequestAborted);
            return TypedResults.NoContent();
        }).WithSummary("Admin: assign a container created outside Portal to a team.");

        return api;
    }
}

/// <summary>Body of the team assignment call; null team unassigns.</summary>
public sealed record AssignTeamRequest(string? Team);
