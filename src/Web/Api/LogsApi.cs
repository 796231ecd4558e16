using System.Globalization;
using Portal.Engine.Logs;
using Portal.Engine.Pipeline;

namespace Portal.Web.Api;

/// <summary><c>/api/v1/containers/{idOrName}/logs</c>: docker logs as plain text, streamed; and the whole log as a download.</summary>
public static class LogsApi
{
    public static RouteGroupBuilder MapLogsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/containers").WithTags("Logs");

        group.MapGet("/{idOrName}/logs", async (HttpContext http, ILogOperations logs, TimeProvider time, string idOrName,
            string? tail, string? since, string? until, bool? timestamps, bool? follow) =>
        {
            var query = new LogQuery
            {
                Tail = ParseTail(tail),
                Since = ParseTime(since, "since", time),
                Until = ParseTime(until, "until", time),
                Follow = follow ?? false,
            };
            await StreamAsync(http, logs, idOrName, query, timestamps ?? false, download: false);
            return Results.Empty;
        }).WithSummary("Container log as text/plain lines (docker logs); follow=true streams new lines chunk by chunk until the container stops.");

        group.MapGet("/{idOrName}/logs/download", async (HttpContext http, ILogOperations logs, string idOrName, bool? timestamps) =>
        {
            await StreamAsync(http, logs, idOrName, new LogQuery(), timestamps ?? true, download: true);
            return Results.Empty;
        }).WithSummary("The whole log as a file, streamed from the engine (never held in memory).");

        api.MapGet("/logs/streams", async (HttpContext http, ILogOperations logs) => TypedResults.Ok(logs.GetStreamStats(await http.GetActorAsync())))
            .WithTags("Logs").WithSummary("Admin: containers watched now and engine follow-streams opened since start (one per watched container, however many viewers).");

        return api;
    }

    private static async Task StreamAsync(HttpContext http, ILogOperations logs, string idOrName, LogQuery query, bool timestamps, bool download)
    {
        var ct = http.RequestAborted;
        // Opening checks access and asks the engine before any byte is sent, so refusals still become problem responses.
        using var session = await logs.OpenAsync(await http.GetActorAsync(), idOrName, query with { Timestamps = timestamps }, ct);
        http.Response.ContentType = "text/plain; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        if (download)
        {
            http.Response.Headers.ContentDisposition = new System.Net.Mime.ContentDisposition { FileName = session.ContainerName + ".log" }.ToString();
        }

        await http.Response.StartAsync(ct);
        try
        {
            // The engine's bytes as they come (docker logs), in large writes: no per-line text or flush.
            await session.CopyToAsync(http.Response.Body, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away: nothing left to send.
        }
    }

    private static int? ParseTail(string? tail) =>
        string.IsNullOrEmpty(tail) || tail == "all" ? null
        : int.TryParse(tail, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
        : throw OperationFailedException.Invalid("tail must be a whole number or 'all'.");

    private static DateTimeOffset? ParseTime(string? value, string name, TimeProvider time) =>
        string.IsNullOrEmpty(value) ? null
        : LogTimeParser.TryParse(value, time.GetUtcNow(), out var parsed) ? parsed
        : throw OperationFailedException.Invalid($"{name} must be Unix seconds, an RFC 3339 time or a duration such as 10m.");
}
