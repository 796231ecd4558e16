using Microsoft.Extensions.Options;
using Portal.Engine.Configuration;
using Portal.Engine.Formatting;

namespace Portal.Web.Api;

/// <summary>
/// Per-endpoint request body limits for <c>/api</c>: a body announced larger than the endpoint's
/// limit is refused before a byte of it is read, and one that grows past it while being read
/// (chunked) is cut off there, so a 19 MB body costs at most the limit, never the whole body in
/// memory. JSON endpoints get <see cref="DefaultJsonBytes"/> unless they carry a
/// <see cref="RequestBodyLimit"/>; uploads that stream (build contexts) set their own.
/// </summary>
public static class RequestBodyLimits
{
    /// <summary>Limit of an API body when the endpoint names none: far above any JSON request Portal takes.</summary>
    public const long DefaultJsonBytes = 256 * 1024;

    /// <summary>JSON overhead on top of twice a stack's stored files (escaped text, base64 binaries): names and field text.</summary>
    private const long StackJsonSlack = 64 * 1024;

    public static IApplicationBuilder UseRequestBodyLimits(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var limit = LimitOf(http);
        if (limit is not { } max || !MayHaveBody(http.Request))
        {
            await next(http);
            return;
        }

        if (http.Request.ContentLength > max)
        {
            await TooLarge(max).ExecuteAsync(http);
            return;
        }

        var body = new LimitedReadStream(http.Request.Body, max);
        http.Request.Body = body;
        await next(http);
        // Minimal APIs treat a failed body read as a client that went away and answer nothing; say why.
        if (body.Exceeded && !http.Response.HasStarted)
        {
            http.Response.Clear();
            await TooLarge(max).ExecuteAsync(http);
        }
    });

    /// <summary>The limit of a stack's save, validate and plan bodies: its files may all be there, base64-encoded.</summary>
    public static RouteHandlerBuilder WithStackBodyLimit(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new RequestBodyLimit(sp => (sp.GetRequiredService<IOptions<EngineOptions>>().Value.MaxStackBytes * 2) + StackJsonSlack));

    /// <summary>The endpoint streams its body and enforces its own limit.</summary>
    public static RouteHandlerBuilder WithStreamedBody(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new RequestBodyLimit(_ => null));

    /// <summary>The problem answered for a body over <paramref name="max"/> bytes.</summary>
    public static IResult TooLarge(long max) => Results.Problem(
        detail: $"The request body is larger than this endpoint's limit of {ByteSize.Format(max)}.",
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "Request body too large");

    private static long? LimitOf(HttpContext http)
    {
        if (!http.Request.Path.StartsWithSegments("/api"))
        {
            return null;
        }

        var metadata = http.GetEndpoint()?.Metadata.GetMetadata<RequestBodyLimit>();
        return metadata is null ? DefaultJsonBytes : metadata.BytesFor(http.RequestServices);
    }

    private static bool MayHaveBody(HttpRequest request) =>
        request.ContentLength is null or > 0 && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method);
}
