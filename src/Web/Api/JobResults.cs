using Portal.Engine.Compose.Stacks;
using Portal.Engine.Images.Jobs;
using Portal.Engine.Jobs;

namespace Portal.Web.Api;

/// <summary>
/// The answer to a request that started a job: <c>202</c> with the job (follow it at its <c>events</c>
/// route), or with <c>?follow=true</c> that same NDJSON stream in the answer itself, as the engine's own
/// API streams a pull's progress, so one <c>curl</c> sees it through. The same for every kind.
/// </summary>
public static class JobResults
{
    /// <summary>An image job started: 202 at <c>/api/v1/jobs/{id}</c>, or its snapshots as NDJSON until it ends.</summary>
    public static Task<IResult> StartedAsync(HttpContext http, ImageJobSnapshot job) =>
        AnswerAsync(http, job, job?.Id, http.ApiPath("/jobs/"), id => EventsAsync(http, http.RequestServices.GetRequiredService<JobRegistry>(), id));

    /// <summary>A stack job started: 202 at <c>/api/v1/stacks/jobs/{id}</c>, or its stack snapshots as NDJSON until it ends.</summary>
    public static Task<IResult> StackStartedAsync(HttpContext http, StackJobSnapshot job) =>
        AnswerAsync(http, job, job?.Id, http.ApiPath("/stacks/jobs/"), id => StackEventsAsync(http, http.RequestServices.GetRequiredService<StackJobs>(), id));

    /// <summary>
    /// One JSON snapshot per line until the job (of any kind) ends. The job is resolved first, in the endpoint, so
    /// an unknown job (or one the caller may not see) is a plain problem answer rather than a broken stream.
    /// </summary>
    public static async Task<IResult> EventsAsync(HttpContext http, JobRegistry jobs, string id)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(jobs);
        var job = jobs.Get(await http.GetActorAsync(), id);
        return new NdjsonResult<JobSnapshot>(ct => JobRegistry.WatchAsync(job, ct));
    }

    /// <summary>Like <see cref="EventsAsync"/>, in the stack routes' shape (stack jobs only).</summary>
    public static async Task<IResult> StackEventsAsync(HttpContext http, StackJobs jobs, string id)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(jobs);
        var actor = await http.GetActorAsync();
        // Resolving eagerly makes a hidden job a 404 before the stream starts.
        var stream = jobs.WatchAsync(actor, id, http.RequestAborted);
        return new NdjsonResult<StackJobSnapshot>(_ => stream);
    }

    private static async Task<IResult> AnswerAsync(HttpContext http, object? job, string? id, string location, Func<string, Task<IResult>> follow)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(job);
        return bool.TryParse(http.Request.Query["follow"], out var followed) && followed
            ? await follow(id!)
            : Results.Accepted(location + id, job);
    }
}
