using Microsoft.AspNetCore.Mvc;
using Portal.Engine.Images;
using Portal.Engine.Pipeline;

namespace Portal.Web.Api;

/// <summary><c>/api/v1/images</c>: images, inspect, tag, rmi, prune.</summary>
/// <remarks>
/// A reference holds slashes (<c>team/app:1.0</c>), so the read and remove routes take the rest of
/// the path; percent-encoded references (<c>team%2Fapp:1.0</c>) and ids work as well.
/// </remarks>
public static class ImagesApi
{
    private const string TagSuffix = "/tag";

    private const string PushSuffix = "/push";

    public static RouteGroupBuilder MapImagesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/images").WithTags("Images");

        group.MapGet("/", async (HttpContext http, IImageOperations ops, bool? dangling, bool? inUse, string? q, string? sort, bool? desc, int? skip, int? take, string? environment) =>
        {
            var page = await ops.QueryAsync(await http.GetActorAsync(), new ImageListRequest
            {
                AllEnvironments = EnvironmentParameter.MeansAll(environment),
                Dangling = dangling,
                InUse = inUse,
                Text = q,
                Sort = sort is "tags" or "size" or "team" or "created" ? sort : "created",
                Descending = desc ?? true,
                Skip = Math.Max(0, skip ?? 0),
                Take = Math.Clamp(take ?? 1000, 1, 1000),
            }, http.RequestAborted);
            http.Response.Headers["X-Total-Count"] = page.Total.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Ok(page.Items);
        }).WithSummary("List images the caller may see (like docker images), from the catalog; filters dangling, inUse, text q; sort created|tags|size|team, desc, skip, take (total in X-Total-Count); environment=all lists every environment the caller may use.");

        group.MapPost("/prune", async (HttpContext http, IImageOperations ops) =>
            TypedResults.Ok(await ops.PruneAsync(await http.GetActorAsync(), http.RequestAborted)))
            .WithSummary("Remove dangling images (admins: all; others: their teams') and report the space reclaimed.");

        group.MapGet("/{**reference}", async (HttpContext http, IImageOperations ops, string reference) =>
            TypedResults.Ok(await ops.GetAsync(await http.GetActorAsync(), Unescape(reference), http.RequestAborted)))
            .WithSummary("Inspect an image with its history.");

        // The tag route is "/images/{ref}/tag"; a catch-all cannot be followed by a literal, so the suffix is matched here.
        group.MapPost("/{**path}", async (HttpContext http, IImageOperations ops, IImageTransfers transfers, string path, [FromBody] System.Text.Json.JsonElement json) =>
        {
            if (path.EndsWith(PushSuffix, StringComparison.Ordinal))
            {
                var push = System.Text.Json.JsonSerializer.Deserialize<PushImageRequest>(json, System.Text.Json.JsonSerializerOptions.Web) ?? throw OperationFailedException.Invalid("Give the push target.");
                var job = await transfers.PushAsync(await http.GetActorAsync(), Unescape(path[..^PushSuffix.Length]), new ImagePushRequest(push.RegistryId, push.Target ?? ""), http.RequestAborted);
                return await JobResults.StartedAsync(http, job);
            }

            var body = System.Text.Json.JsonSerializer.Deserialize<TagImageRequest>(json, System.Text.Json.JsonSerializerOptions.Web);
            if (body is null || !path.EndsWith(TagSuffix, StringComparison.Ordinal))
            {
                return Results.NotFound();
            }

            await ops.TagAsync(await http.GetActorAsync(), Unescape(path[..^TagSuffix.Length]), body.Target, http.RequestAborted);
            return Results.NoContent();
        }).WithSummary("Tag an image: POST /images/{ref}/tag with {\"target\": \"repo:tag\"}; push it: POST /images/{ref}/push with {\"registryId\": 1, \"target\": \"repo:tag\"} → job (?follow=true streams its progress as the answer).");

        group.MapDelete("/{**reference}", async (HttpContext http, IImageOperations ops, string reference, bool? force) =>
            TypedResults.Ok(await ops.RemoveAsync(await http.GetActorAsync(), Unescape(reference), force ?? false, http.RequestAborted)))
            .WithSummary("Remove a tag or an image (docker rmi); force=true also when stopped containers of yours use it.");

        return api;
    }

    private static string Unescape(string value) => Uri.UnescapeDataString(value);
}
