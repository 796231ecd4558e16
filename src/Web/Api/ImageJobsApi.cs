using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
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
            return TypedResults.Accepted($"/api/v1/jobs/{job.Id}", job);
        }).WithTags("Images").WithSummary("Start pulling an image; follow GET /api/v1/jobs/{id}/events for per-layer progress.");

        var jobs = api.MapGroup("/jobs").WithTags("Jobs");
        jobs.MapGet("/", async (HttpContext http, IImageTransfers transfers) =>
            TypedResults.Ok(transfers.ListJobs(await http.GetActorAsync())))
            .WithSummary("Your running and recent image jobs (admins: everyone's), newest first.");

        jobs.MapGet("/{id}", async (HttpContext http, IImageTransfers transfers, string id) =>
            TypedResults.Ok(transfers.GetJob(await http.GetActorAsync(), id)))
            .WithSummary("A job's state and per-layer progress.");

        jobs.MapGet("/{id}/events", async (HttpContext http, IImageTransfers transfers, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, string id) =>
        {
            var actor = await http.GetActorAsync();
            // Resolve before the response starts, so an unknown job is a plain 404.
            _ = transfers.GetJob(actor, id);
            http.Response.ContentType = "application/x-ndjson";
            try
            {
                await foreach (var snapshot in transfers.WatchAsync(actor, id, http.RequestAborted))
                {
                    await http.Response.WriteAsync(JsonSerializer.Serialize(snapshot, json.Value.SerializerOptions) + "\n", http.RequestAborted);
                    await http.Response.Body.FlushAsync(http.RequestAborted);
                }
            }
            catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
            {
                // The client stopped following; the job itself goes on.
            }

            return Results.Empty;
        }).WithSummary("Follow a job: one JSON snapshot per line (application/x-ndjson) until it ends.");

        jobs.MapDelete("/{id}", async (HttpContext http, IImageTransfers transfers, string id) =>
        {
            transfers.Cancel(await http.GetActorAsync(), id);
            return TypedResults.Accepted($"/api/v1/jobs/{id}");
        }).WithSummary("Cancel a running job.");

        return api;
    }
}
