using Microsoft.AspNetCore.Mvc;
using Portal.Engine.Images;
using Portal.Engine.Jobs;

namespace Portal.Web.Api;

/// <summary>
/// <c>POST /api/v1/images/pull</c> and <c>/api/v1/jobs</c>: start a pull; list, read, follow (NDJSON) and cancel
/// jobs of every kind (pull, push, build, stack actions). A job is its starter's, its team's and the admins';
/// to anyone else it does not exist.
/// </summary>
public static class ImageJobsApi
{
    public static RouteGroupBuilder MapImageJobsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/images/pull", async (HttpContext http, IImageTransfers transfers, [FromBody] PullImageRequest body) =>
        {
            var job = await transfers.PullAsync(await http.GetActorAsync(), body.Reference, body.Team, http.RequestAborted);
            return await JobResults.StartedAsync(http, job);
        }).WithTags("Images").WithSummary("Start pulling an image; follow GET /api/v1/jobs/{id}/events for per-layer progress, or add ?follow=true to get that stream as the answer.");

        var jobs = api.MapGroup("/jobs").WithTags("Jobs");
        jobs.MapGet("/", async (HttpContext http, JobRegistry registry) =>
            TypedResults.Ok(registry.List(await http.GetActorAsync())))
            .WithSummary("Running and recent jobs of every kind that you may see (yours and your teams'; admins: everyone's), newest first.");

        jobs.MapGet("/{id}", async (HttpContext http, JobRegistry registry, string id) =>
            TypedResults.Ok(registry.Get(await http.GetActorAsync(), id).Snapshot))
            .WithSummary("A job's state, progress items, log and outputs.");

        jobs.MapGet("/{id}/events", JobResults.EventsAsync).WithSummary("Follow a job: one JSON snapshot per line (application/x-ndjson) until it ends.");

        jobs.MapDelete("/{id}", async (HttpContext http, JobRegistry registry, string id) =>
        {
            registry.Cancel(await http.GetActorAsync(), id);
            return TypedResults.Accepted(http.ApiPath($"/jobs/{id}"));
        }).WithSummary("Cancel a running job of any kind (its starter, an operator of its team, or an admin).");

        return api;
    }
}
