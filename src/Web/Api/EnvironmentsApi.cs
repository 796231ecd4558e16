using Microsoft.AspNetCore.Mvc;
using Portal.Engine.Environments;

namespace Portal.Web.Api;

/// <summary>Body of <c>PUT /api/v1/environments/{env}/grants/{team}</c>.</summary>
/// <param name="Role"><c>Viewer</c> or <c>Operator</c>: the team's members' highest role on the environment.</param>
public sealed record EnvironmentGrantRequest(string? Role);

/// <summary>
/// <c>/api/v1/environments</c>: the engines Portal drives. Administrators create, edit, test and delete them and
/// grant them to teams; anyone else lists the environments their teams are granted. Keys go in, never out.
/// </summary>
public static class EnvironmentsApi
{
    public static RouteGroupBuilder MapEnvironmentsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/environments").WithTags("Environments");

        group.MapGet("/", async (HttpContext http, EnvironmentOperations ops) =>
            TypedResults.Ok(await ops.ListAsync(await http.GetActorAsync(), http.RequestAborted)))
            .WithSummary("Environments: all for administrators (with their addresses), the granted ones for anyone else; state from each one's connection.");

        group.MapPost("/", async (HttpContext http, EnvironmentOperations ops, [FromBody] EnvironmentRequest body) =>
        {
            var created = await ops.CreateAsync(await http.GetActorAsync(), body, http.RequestAborted);
            return TypedResults.Created($"/api/v1/environments/{created.Name}", created);
        }).WithSummary("Admin: add an environment (name, kind socket|tcp+tls|ssh, uri, description, labels, tlsCa, tlsCert, tlsKey, sshKey, sshHostKeyFingerprint); Portal connects to it at once.");

        group.MapPost("/test", async (HttpContext http, EnvironmentOperations ops, [FromBody] EnvironmentRequest body) =>
            TypedResults.Ok(await ops.TestAsync(await http.GetActorAsync(), body, http.RequestAborted)))
            .WithSummary("Admin: try an environment before saving it (a create body): reachable, error, engine and API version, SSH host key to confirm, TLS subject.");

        group.MapGet("/{env}", async (HttpContext http, EnvironmentOperations ops, string env) =>
            TypedResults.Ok(await ops.GetAsync(await http.GetActorAsync(), env, http.RequestAborted)))
            .WithSummary("One environment; 404 for one the caller's teams are not granted.");

        group.MapPut("/{env}", async (HttpContext http, EnvironmentOperations ops, string env, [FromBody] EnvironmentRequest body) =>
            TypedResults.Ok(await ops.UpdateAsync(await http.GetActorAsync(), env, body, http.RequestAborted)))
            .WithSummary("Admin: edit an environment; fields left out keep their value (keys included). Changing how it is reached reconnects it; description and labels do not.");

        group.MapDelete("/{env}", async (HttpContext http, EnvironmentOperations ops, string env) =>
        {
            await ops.DeleteAsync(await http.GetActorAsync(), env, http.RequestAborted);
            return TypedResults.NoContent();
        }).WithSummary("Admin: stop driving an environment and forget its grants and catalog; 409 while stacks are recorded on it. Nothing on its engine is touched.");

        group.MapPost("/{env}/test", async (HttpContext http, EnvironmentOperations ops, string env, [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] EnvironmentRequest? body) =>
            TypedResults.Ok(await ops.TestAsync(await http.GetActorAsync(), env, body, http.RequestAborted)))
            .WithSummary("Admin: try a stored environment, with an optional body of changes laid over it (not saved). An SSH host key is only pinned when saved with PUT.");

        group.MapGet("/{env}/grants", async (HttpContext http, EnvironmentOperations ops, string env) =>
            TypedResults.Ok(await ops.ListGrantsAsync(await http.GetActorAsync(), env, http.RequestAborted)))
            .WithSummary("Admin: the teams granted this environment and their highest role there.");

        group.MapPut("/{env}/grants/{team}", async (HttpContext http, EnvironmentOperations ops, string env, string team, [FromBody] EnvironmentGrantRequest body) =>
            TypedResults.Ok(await ops.GrantAsync(await http.GetActorAsync(), env, team, body.Role, http.RequestAborted)))
            .WithSummary("Admin: grant a team this environment up to a role ({ \"role\": \"Viewer\" | \"Operator\" }).");

        group.MapDelete("/{env}/grants/{team}", async (HttpContext http, EnvironmentOperations ops, string env, string team) =>
        {
            await ops.RevokeAsync(await http.GetActorAsync(), env, team, http.RequestAborted);
            return TypedResults.NoContent();
        }).WithSummary("Admin: withdraw a team's grant on this environment.");

        return api;
    }
}
