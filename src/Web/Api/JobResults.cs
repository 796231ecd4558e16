using System.Text.Json;
using Microsoft.Extensions.Options;
using Portal.Engine.Images;
using Portal.Engine.Images.Jobs;

namespace Portal.Web.Api;

/// <summary>
/// The answer to a request that started an image job: <c>202</c> with the job (follow it at
/// <c>/api/v1/jobs/{id}/events</c>), or with <c>?follow=true</c> that same NDJSON stream in the
/// answer itself, as the engine's own API streams a pull's progress, so one <c>curl</c> sees it through.
/// </summary>
public static class JobResults
{
    public static IResult Started(HttpContext http, ImageJobSnapshot job)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(job);
        return bool.TryParse(http.Request.Query["follow"], out var follow) && follow
            ? new JobEventsResult(job.Id)
            : Results.Accepted($"/api/v1/jobs/{job.Id}", job);
    }

    /// <summary>
    /// One JSON snapshot per line (<c>application/x-ndjson</c>) until the job ends. Resolves the job first, in the
    /// endpoint, so an unknown job (or another person's) is a plain problem answer rather than a broken stream.
    /// </summary>
    public static async Task<IResult> JobEventsAsync(HttpContext http, IImageTransfers transfers, string id)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(transfers);
        _ = transfers.GetJob(await http.GetActorAsync(), id);
        return new JobEventsResult(id);
    }

    private sealed class JobEventsResult(string id) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            var transfers = http.RequestServices.GetRequiredService<IImageTransfers>();
            var json = http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
            var actor = await http.GetActorAsync();
            http.Response.ContentType = "application/x-ndjson";
            try
            {
                await foreach (var snapshot in transfers.WatchAsync(actor, id, http.RequestAborted))
                {
                    await http.Response.WriteAsync(JsonSerializer.Serialize(snapshot, json) + "\n", http.RequestAborted);
                    await http.Response.Body.FlushAsync(http.RequestAborted);
                }
            }
            catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
            {
                // The client stopped following; the job itself goes on.
            }
        }
    }
}
