using System.Text.Json;
using Portal.Engine.Docker;
using Portal.Web.Configuration;

namespace Portal.Web.Api;

/// <summary>
/// The last word on failures under <c>/api</c>: whatever escapes an endpoint (a body that is not
/// the JSON it should be, a body over its limit, an engine error no operation translated, a bug)
/// leaves as problem+json, never as the HTML error page. Elsewhere a bad request keeps its status
/// code so the status pages can answer it.
/// </summary>
public static class ApiErrors
{
    public static IApplicationBuilder UseApiErrors(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        try
        {
            await next(http);
        }
        catch (Exception ex) when (!http.Response.HasStarted && Problem(http, ex) is { } problem)
        {
            http.Response.Clear();
            await problem.ExecuteAsync(http);
        }
    });

    /// <summary>The answer for <paramref name="ex"/>, or null when it must propagate (not an API request, or the client left).</summary>
    private static IResult? Problem(HttpContext http, Exception ex)
    {
        var api = http.Request.Path.StartsWithSegments("/api");
        if (ex is BadHttpRequestException bad && !api)
        {
            // A result, not the response's status: the caller clears the response before executing it.
            return Results.StatusCode(bad.StatusCode);
        }

        if (!api || (ex is OperationCanceledException && http.RequestAborted.IsCancellationRequested))
        {
            return null;
        }

        switch (ex)
        {
            case BadHttpRequestException { InnerException: JsonException json }:
                return Results.Problem(detail: JsonDetail(json), statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");
            case JsonException json:
                return Results.Problem(detail: JsonDetail(json), statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");
            case BadHttpRequestException other:
                return Results.Problem(detail: other.Message, statusCode: other.StatusCode, title: other.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request body too large" : "Invalid request");
        }

        var endpoint = http.RequestServices.GetService<WebOptions>()?.Engine ?? "";
        if (DockerErrorTranslator.Translate(ex, endpoint) is { } failure)
        {
            return ApiProblems.From(failure);
        }

        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiErrors)).LogError(ex, "Unhandled error answering {Method} {Path}", http.Request.Method, http.Request.Path);
        return Results.Problem(detail: "An unexpected error occurred; the server log has the details.", statusCode: StatusCodes.Status500InternalServerError, title: "Server error",
            extensions: new Dictionary<string, object?> { ["traceId"] = http.TraceIdentifier });
    }

    /// <summary>Where the body went wrong, in the request's own terms: the JSON path, 1-based line and position.</summary>
    public static string JsonDetail(JsonException json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var reason = json.Message;
        var cut = reason.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        }

        reason = (cut > 0 ? reason[..cut] : reason).TrimEnd(' ', '.', '|');
        var field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "the body" : $"field '{json.Path}'";
        var where = json.LineNumber is { } line
            ? $" at line {line + 1}, position {(json.BytePositionInLine ?? 0) + 1}"
            : "";
        return $"The request body is not valid JSON: {field}{where}: {reason}.";
    }
}
