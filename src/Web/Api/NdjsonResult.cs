using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Portal.Web.Api;

/// <summary>
/// A followed job as an answer: one JSON value per line (<c>application/x-ndjson</c>), each flushed as
/// it comes, until the items end. A client that stops reading ends the answer; the job goes on.
/// </summary>
public sealed class NdjsonResult<T>(Func<CancellationToken, IAsyncEnumerable<T>> items) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var json = httpContext.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var aborted = httpContext.RequestAborted;
        httpContext.Response.ContentType = "application/x-ndjson";
        try
        {
            await foreach (var item in items(aborted))
            {
                await httpContext.Response.WriteAsync(JsonSerializer.Serialize(item, json) + "\n", aborted);
                await httpContext.Response.Body.FlushAsync(aborted);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client stopped following; the job itself goes on.
        }
    }
}
