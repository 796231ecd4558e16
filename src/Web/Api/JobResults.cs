using Portal.Engine.Images;
using Portal.Engine.Images.Jobs;
using Portal.Engine.Pipeline;

namespace Portal.Web.Api;

/// <summary>
/// The answer to a request that started an image job: <c>202</c> with the job (follow it at
/// <c>/api/v1/jobs/{id}/events</c>), or with <c>?follow=true</c> that same NDJSON stream in the
/// answer itself, as the engine's own API streams a pull's progress, so one <c>curl</c> sees it through.
/// </summary>
public static class JobResults
{
    public static async Task<IResult> StartedAsync(HttpContext http, ImageJobSnapshot job)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(job);
        return bool.TryParse(http.Request.Query["follow"], out var follow) && follow
            ? Events(http.RequestServices.GetRequiredService<IImageTransfers>(), await http.GetActorAsync(), job.Id)
            : Results.Accepted($"/api/v1/jobs/{job.Id}", job);
    }

    /// <summary>
    /// One JSON snapshot per line until the job ends. Resolves the job first, in the endpoint, so an
    /// unknown job (or another person's) is a plain problem answer rather than a broken stream.
    /// </summary>
    public static async Task<IResult> JobEventsAsync(HttpContext http, IImageTransfers transfers, string id)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(transfers);
        var actor = await http.GetActorAsync();
        _ = transfers.GetJob(actor, id);
        return Events(transfers, actor, id);
    }

    private static NdjsonResult<ImageJobSnapshot> Events(IImageTransfers transfers, Actor actor, string id) =>
        new(ct => transfers.WatchAsync(actor, id, ct));
}
