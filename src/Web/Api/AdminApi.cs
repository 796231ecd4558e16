using Microsoft.AspNetCore.Mvc;
using Portal.Engine.Docker;
using Portal.Engine.Teams;
using Portal.Engine.Users;

namespace Portal.Web.Api;

/// <summary>Body of <c>POST /api/v1/teams</c>.</summary>
public sealed record CreateTeamRequest(string Name, string? Description);

/// <summary>Teams, users, audit and engine status.</summary>
public static class AdminApi
{
    public static RouteGroupBuilder MapAdminApi(this RouteGroupBuilder api)
    {
        api.MapGet("/teams", async (HttpContext http, TeamOperations teams) =>
            TypedResults.Ok(await teams.ListAsync(await http.GetActorAsync(), http.RequestAborted))).WithTags("Teams");

        api.MapPost("/teams", async (HttpContext http, TeamOperations teams, [FromBody] CreateTeamRequest body) =>
        {
            var team = await teams.CreateAsync(await http.GetActorAsync(), body.Name, body.Description, http.RequestAborted);
            return TypedResults.Created($"/api/v1/teams/{team.Name}", team);
        }).WithTags("Teams").WithSummary("Admin: create a team.");

        api.MapGet("/users", async (HttpContext http, UserOperations users) =>
            TypedResults.Ok(await users.ListAsync(await http.GetActorAsync(), http.RequestAborted))).WithTags("Users");

        api.MapPost("/users", async (HttpContext http, UserOperations users, [FromBody] CreateUserRequest body) =>
        {
            var user = await users.CreateAsync(await http.GetActorAsync(), body, http.RequestAborted);
            return TypedResults.Created($"/api/v1/users/{user.UserName}", user);
        }).WithTags("Users").WithSummary("Admin: create a user with a role (Admin, Operator, Viewer) in the given teams.");

        api.MapGet("/engine", (Engines engines) => TypedResults.Ok(engines.Local.Status))
            .WithTags("Engine").WithSummary("Whether the Docker engine answers, and its version.");
        return api;
    }
}
