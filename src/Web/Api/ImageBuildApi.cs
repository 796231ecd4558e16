using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Portal.Engine.Configuration;
using Portal.Engine.Images;
using Portal.Engine.Images.Build;
using Portal.Engine.Pipeline;

namespace Portal.Web.Api;

/// <summary>
/// <c>POST /api/v1/images/build</c>: the context is the raw body (tar, tar.gz or zip) or the first
/// file part of a multipart body; options come from the query string and, in multipart, from the
/// fields sent before the file. The body is read as it arrives and never held whole.
/// </summary>
public static class ImageBuildApi
{
    public static RouteGroupBuilder MapImageBuildApi(this RouteGroupBuilder api)
    {
        api.MapPost("/images/build", async (HttpContext http, IImageBuilds builds, IOptions<EngineOptions> options) =>
        {
            var limit = options.Value.MaxBuildContextBytes;
            if (http.Request.ContentLength > limit + MultipartSlack)
            {
                // Refused before a byte of the body is read.
                throw LimitedCopy.TooLarge(limit);
            }

            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                // The server's default body limit is far below a build context; the context limit governs instead.
                size.MaxRequestBodySize = limit + MultipartSlack;
            }

            var actor = await http.GetActorAsync();
            var fields = http.Request.Query.ToDictionary(q => q.Key, q => q.Value, StringComparer.OrdinalIgnoreCase);
            var boundary = MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type) && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
                ? HeaderUtilities.RemoveQuotes(type.Boundary).Value
                : null;
            if (boundary is null)
            {
                var job = await builds.BuildAsync(actor, ToRequest(fields), http.Request.Body, http.RequestAborted);
                return await JobResults.StartedAsync(http, job);
            }

            var reader = new MultipartReader(boundary, http.Request.Body) { BodyLengthLimit = null };
            while (await reader.ReadNextSectionAsync(http.RequestAborted) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    continue;
                }

                if (disposition.IsFileDisposition())
                {
                    var job = await builds.BuildAsync(actor, ToRequest(fields), section.Body, http.RequestAborted);
                    return await JobResults.StartedAsync(http, job);
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                using var text = new StreamReader(section.Body);
                var value = await text.ReadToEndAsync(http.RequestAborted);
                fields[name] = fields.TryGetValue(name, out var existing) ? StringValues.Concat(existing, value) : new StringValues(value);
            }

            throw OperationFailedException.Invalid("The multipart body has no file part holding the build context.");
        }).WithTags("Images").DisableAntiforgery().WithStreamedBody()
        .WithSummary("Build an image from a context archive (raw tar/tar.gz/zip body, or multipart with a file part); options tag, buildArg=K=V, label=K=V, target, dockerfile, noCache, pull, networkMode, team. Follow GET /api/v1/jobs/{id}/events for the log, or add follow=true to get that stream as the answer.");
        return api;
    }

    /// <summary>Room for multipart boundaries and fields on top of the context itself.</summary>
    private const long MultipartSlack = 1 << 20;

    private static ImageBuildRequest ToRequest(Dictionary<string, StringValues> fields)
    {
        string? One(string key) => fields.TryGetValue(key, out var v) && !StringValues.IsNullOrEmpty(v) ? v.ToString() : null;
        IEnumerable<string> Many(string key) => fields.TryGetValue(key, out var v) ? v.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!) : [];
        return new ImageBuildRequest
        {
            Tags = [.. Many("tag")],
            BuildArgs = Pairs(Many("buildArg")),
            Labels = Pairs(Many("label")),
            Target = One("target"),
            Dockerfile = One("dockerfile"),
            NoCache = bool.TryParse(One("noCache"), out var noCache) && noCache,
            Pull = bool.TryParse(One("pull"), out var pull) && pull,
            NetworkMode = One("networkMode"),
            Team = One("team"),
        };
    }

    private static Dictionary<string, string> Pairs(IEnumerable<string> items)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw OperationFailedException.Invalid($"'{item}' is not KEY=VALUE.");
            }

            result[item[..eq]] = item[(eq + 1)..];
        }

        return result;
    }
}
