using Microsoft.AspNetCore.Mvc;
using Portal.Engine.Compose.Execution;
using Portal.Engine.Compose.Planning;
using Portal.Engine.Compose.Stacks;
using Portal.Engine.Pipeline;

namespace Portal.Web.Api;

/// <summary>
/// <c>/api/v1/stacks</c>: ls, inspect, create/update (files + .env), validate, config, plan, revisions and roll back, adopt;
/// the long actions (up, down, start, stop, restart, scale, pull, build) start a job: follow <c>/api/v1/stacks/jobs/{id}/events</c> (NDJSON)
/// or add <c>?follow=true</c>; cancel it with <c>DELETE /api/v1/jobs/{id}</c>, like any job.
/// </summary>
public static class StacksApi
{
    public static RouteGroupBuilder MapStacksApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/stacks").WithTags("Stacks");

        group.MapGet("/", async (HttpContext http, StackOperations ops, string? environment) =>
            TypedResults.Ok(EnvironmentParameter.MeansAll(environment)
                ? await ops.ListEverywhereAsync(await http.GetActorAsync(), http.RequestAborted)
                : await ops.ListAsync(await http.GetActorAsync(), http.RequestAborted)))
            .WithSummary("Stacks you may see with status (running n/m, unhealthy, exited); admins also see projects made by the compose CLI (docker compose ls -a); environment=all lists every environment you may use.");

        group.MapPost("/{name}/copy", async (HttpContext http, StackOperations ops, string name, [FromBody] CopyStackRequest request) =>
        {
            var result = await ops.CopyAsync(await http.GetActorAsync(), name, request.Environment, request.Name, http.RequestAborted);
            return result.Errors.Count > 0 ? Saved(http, result, created: false) : TypedResults.Created(
                $"/api/v1/environments/{Uri.EscapeDataString(request.Environment.Trim())}/stacks/{Uri.EscapeDataString(result.Stack!.Summary.Name)}", result.Stack);
        }).WithSummary("Copy the stack's saved files to another environment as a new stack there (not deployed: review its plan, then up); 404 for an environment you may not use, 409 when the name is taken there.");

        group.MapGet("/{name}", async (HttpContext http, StackOperations ops, string name) =>
            TypedResults.Ok(await ops.GetAsync(await http.GetActorAsync(), name, http.RequestAborted)))
            .WithSummary("A stack: status, current files and .env, containers.");

        group.MapPost("/", async (HttpContext http, StackOperations ops, [FromBody] SaveStackRequest request) =>
            Saved(http, await ops.SaveAsync(await http.GetActorAsync(), request, http.RequestAborted), created: true))
            .WithStackBodyLimit().WithSummary("Create a stack from compose files and .env; 400 lists the loader's errors with file, line, column and path.");

        group.MapPut("/{name}", async (HttpContext http, StackOperations ops, string name, [FromBody] SaveStackRequest request) =>
        {
            var actor = await http.GetActorAsync();
            // PUT changes an existing stack (POST creates): one the caller may not see is not found, like a missing one.
            await ops.EnsureCanChangeAsync(actor, name, http.RequestAborted);
            return Saved(http, await ops.SaveAsync(actor, request with { Name = name }, http.RequestAborted), created: false);
        }).WithStackBodyLimit().WithSummary("Save new files for an existing stack as its next revision (deploy it with up).");

        group.MapDelete("/{name}", async (HttpContext http, StackRemoval removal, string name) =>
        {
            await removal.DeleteAsync(await http.GetActorAsync(), name, http.RequestAborted);
            return TypedResults.NoContent();
        }).WithSummary("Delete a stack's files and revisions; 409 while it still has containers (take it down first).");

        group.MapPost("/validate", (StackOperations ops, [FromBody] SaveStackRequest request) =>
            TypedResults.Ok(ops.Validate(request.Name, request.Files, request.Env)))
            .WithStackBodyLimit().WithSummary("Check files without saving; returns the located errors (empty when valid).");

        group.MapGet("/{name}/config", async (HttpContext http, StackOperations ops, string name) =>
            Results.Text(await ops.ConfigAsync(await http.GetActorAsync(), name, http.RequestAborted), "application/json"))
            .WithSummary("The resolved, normalized model (docker compose config --format json).");

        group.MapGet("/{name}/plan", async (HttpContext http, StackOperations ops, string name, bool? removeOrphans, bool? forceRecreate) =>
        {
            var plan = await ops.PlanAsync(await http.GetActorAsync(), name,
                new PlanOptions { RemoveOrphans = removeOrphans ?? true, ForceRecreate = forceRecreate ?? false }, http.RequestAborted);
            return TypedResults.Ok(new { plan.Project, plan.IsNoop, Text = plan.Render(), plan.Steps });
        }).WithSummary("What up would do now: create, recreate (with the reason), start, keep, remove — per container, network and volume.");

        group.MapPost("/{name}/plan", async (HttpContext http, StackOperations ops, string name, [FromBody] SaveStackRequest request, bool? removeOrphans, bool? forceRecreate) =>
        {
            var plan = await ops.PreviewPlanAsync(await http.GetActorAsync(), name, request.Files, request.Env,
                new PlanOptions { RemoveOrphans = removeOrphans ?? true, ForceRecreate = forceRecreate ?? false }, http.RequestAborted);
            return TypedResults.Ok(new { plan.Project, plan.IsNoop, Text = plan.Render(), plan.Steps });
        }).WithStackBodyLimit().WithSummary("What up would do with these files and .env instead of the saved ones (the editor's unsaved text); saves nothing.");

        group.MapGet("/{name}/revisions", async (HttpContext http, StackOperations ops, string name) =>
            TypedResults.Ok(await ops.RevisionsAsync(await http.GetActorAsync(), name, http.RequestAborted)))
            .WithSummary("Saved revisions, newest first.");

        group.MapPost("/{name}/revisions/{number:int}/rollback", async (HttpContext http, StackOperations ops, string name, int number) =>
            Saved(http, await ops.RollBackAsync(await http.GetActorAsync(), name, number, http.RequestAborted), created: false))
            .WithSummary("Save revision {number}'s files again as the newest revision.");

        group.MapPost("/{name}/adopt", async (HttpContext http, StackOperations ops, string name, [FromBody] AdoptStackRequest request) =>
            TypedResults.Ok(await ops.AdoptAsync(await http.GetActorAsync(), name, request.Team, http.RequestAborted)))
            .WithSummary("Admins: take a compose project made outside Portal into Portal for a team.");

        group.MapPost("/{name}/up", (HttpContext http, StackOperations ops, StackJobs jobs, string name, bool? wait, bool? forceRecreate, bool? removeOrphans) =>
            StartAsync(http, jobs, name, "up", (actor, progress, ct) => ops.UpAsync(actor, name, new ComposeUpOptions
            {
                Wait = wait ?? false,
                Plan = new PlanOptions { ForceRecreate = forceRecreate ?? false, RemoveOrphans = removeOrphans ?? true },
            }, progress, ct)))
            .WithSummary("docker compose up -d [--wait]: plan, admit every service, converge; returns a job.");

        group.MapPost("/{name}/down", (HttpContext http, StackOperations ops, StackJobs jobs, string name, bool? volumes) =>
            StartAsync(http, jobs, name, "down", (actor, progress, ct) => ops.DownAsync(actor, name, volumes ?? false, progress, ct)))
            .WithSummary("docker compose down [--volumes]; returns a job.");

        group.MapPost("/{name}/rm", (HttpContext http, StackOperations ops, StackJobs jobs, string name, bool? stop) =>
            StartAsync(http, jobs, name, "rm", (actor, progress, ct) => ops.RemoveContainersAsync(actor, name, stop ?? false, progress, ct)))
            .WithSummary("docker compose rm -f [-s]: removes the project's stopped containers (with stop=true, stops and removes all); returns a job.");

        group.MapPost("/{name}/start", (HttpContext http, StackOperations ops, StackJobs jobs, string name) =>
            StartAsync(http, jobs, name, "start", (actor, progress, ct) => ops.StartAsync(actor, name, progress, ct)))
            .WithSummary("docker compose start; returns a job.");

        group.MapPost("/{name}/stop", (HttpContext http, StackOperations ops, StackJobs jobs, string name) =>
            StartAsync(http, jobs, name, "stop", (actor, progress, ct) => ops.StopAsync(actor, name, progress, ct)))
            .WithSummary("docker compose stop; returns a job.");

        group.MapPost("/{name}/restart", (HttpContext http, StackOperations ops, StackJobs jobs, string name) =>
            StartAsync(http, jobs, name, "restart", (actor, progress, ct) => ops.RestartAsync(actor, name, progress, ct)))
            .WithSummary("docker compose restart; returns a job.");

        group.MapPost("/{name}/scale", (HttpContext http, StackOperations ops, StackJobs jobs, string name, [FromBody] ScaleStackRequest request) =>
            StartAsync(http, jobs, name, "scale", (actor, progress, ct) => ops.ScaleAsync(actor, name, request.Service, request.Replicas, progress, ct)))
            .WithSummary("docker compose up -d --scale service=n; returns a job.");

        group.MapPost("/{name}/pull", (HttpContext http, StackOperations ops, StackJobs jobs, string name) =>
            StartAsync(http, jobs, name, "pull", (actor, progress, ct) => ops.PullAsync(actor, name, progress, ct)))
            .WithSummary("docker compose pull: pulls every service's image through the image pull operation; returns a job.");

        group.MapPost("/{name}/build", (HttpContext http, StackOperations ops, StackJobs jobs, string name) =>
            StartAsync(http, jobs, name, "build", (actor, progress, ct) => ops.BuildAsync(actor, name, progress, ct)))
            .WithSummary("docker compose build: builds every service with a build section from the stack's files through the image build operation; returns a job.");

        group.MapGet("/jobs/{id}", async (HttpContext http, StackJobs jobs, string id) =>
            TypedResults.Ok(jobs.Get(await http.GetActorAsync(), id)))
            .WithSummary("A stack job's state, events and result (also in the jobs list, /api/v1/jobs, with every other kind).");

        group.MapGet("/jobs/{id}/events", JobResults.StackEventsAsync)
            .WithSummary("Follow a stack job: one JSON snapshot per line (application/x-ndjson) until it ends.");

        return api;
    }

    /// <summary>
    /// Starts the action as a job carrying the stack's team. The check comes first, so a stack the caller may not see is a
    /// plain 404, one it may only look at a 403, and a stop of Portal's own container a 409 naming the rule, rather than a
    /// failed job; <c>?follow=true</c> answers with its events.
    /// </summary>
    private static async Task<IResult> StartAsync(HttpContext http, StackJobs jobs, string name, string action,
        Func<Actor, IProgress<ComposeEvent>, CancellationToken, Task<StackActionResult>> body)
    {
        var actor = await http.GetActorAsync();
        var job = await jobs.StartAsync(actor, name, action, (progress, ct) => body(actor, progress, ct), http.RequestAborted);
        return await JobResults.StackStartedAsync(http, job);
    }

    private static IResult Saved(HttpContext http, StackSaveResult result, bool created) => result.Errors.Count > 0
        ? Results.Problem(title: "Invalid compose files", statusCode: StatusCodes.Status400BadRequest,
            detail: string.Join('\n', result.Errors),
            extensions: new Dictionary<string, object?> { ["errors"] = result.Errors })
        : created
            ? TypedResults.Created(http.ApiPath($"/stacks/{Uri.EscapeDataString(result.Stack!.Summary.Name)}"), result.Stack)
            : TypedResults.Ok(result.Stack);
}

/// <summary>Body of <c>POST /api/v1/stacks/{name}/copy</c>: the target environment and, optionally, another name there.</summary>
public sealed record CopyStackRequest(string Environment, string? Name = null);

/// <summary>Body of <c>POST /api/v1/stacks/{name}/adopt</c>.</summary>
public sealed record AdoptStackRequest(string Team);

/// <summary>Body of <c>POST /api/v1/stacks/{name}/scale</c>.</summary>
public sealed record ScaleStackRequest(string Service, int Replicas);

