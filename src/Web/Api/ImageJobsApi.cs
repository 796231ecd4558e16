using Microsoft.AspNetCore.Mvc;
using Portal.Engine.Images;

namespace Portal.Web.Api;

/// <summary><c>POST /api/v1/images/pull</c> and <c>/api/v1/jobs</c>: start a pull, read its progress back or follow it as NDJSON, cancel it.</summary>
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
        jobs.MapGet("/", async (HttpContext http, IImageTransfers transfers) =>
            TypedResults.Ok(transfers.ListJobs(await http.GetActorAsync())))
            .WithSummary("Your running and recent image jobs (admins: everyone's), newest first.");

        jobs.MapGet("/{id}", async (HttpContext http, IImageTransfers transfers, string id) =>
            TypedResults.Ok(transfers.GetJob(await http.GetActorAsync(), id)))
            .WithSummary("A job's state and per-layer progress.");

        jobs.MapGet("/{id}/events", JobResults.JobEventsAsync).WithSummary("Follow a job: one JSON snapshot per line (application/x-ndjson) until it ends.");

        jobs.MapDelete("/{id}", async (HttpContext http, IImageTransfers transfers, string id) =>
        {
            transfers.Cancel(await http.GetActorAsync(), id);
            return TypedResults.Accepted($"/api/v1/jobs/{id}");
        }).WithSummary("Cancel a running job.");

        return api;
    }
}
