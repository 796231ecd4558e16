using Microsoft.AspNetCore.Mvc;
using Portal.Engine.Images;

namespace Portal.Web.Api;

/// <summary><c>/api/v1/images</c>: images, inspect, tag, rmi, prune.</summary>
/// <remarks>
/// A reference holds slashes (<c>team/app:1.0</c>), so the read and remove routes take the rest of
/// the path; percent-encoded references (<c>team%2Fapp:1.0</c>) and ids work as well.
/// </remarks>
public static class ImagesApi
{
    private const string TagSuffix = "/tag";

    public static RouteGroupBuilder MapImagesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/images").WithTags("Images");

        group.MapGet("/", async (HttpContext http, IImageOperations ops, bool? dangling, bool? inUse, string? q) =>
            TypedResults.Ok(await ops.ListAsync(await http.GetActorAsync(), new ImageListRequest { Dangling = dangling, InUse = inUse, Text = q }, http.RequestAborted)))
            .WithSummary("List images the caller may see (like docker images); filters dangling, inUse and text q.");

        group.MapPost("/prune", async (HttpContext http, IImageOperations ops) =>
            TypedResults.Ok(await ops.PruneAsync(await http.GetActorAsync(), http.RequestAborted)))
            .WithSummary("Remove dangling images (admins: all; others: their teams') and report the space reclaimed.");

        group.MapGet("/{**reference}", async (HttpContext http, IImageOperations ops, string reference) =>
            TypedResults.Ok(await ops.GetAsync(await http.GetActorAsync(), Unescape(reference), http.RequestAborted)))
            .WithSummary("Inspect an image with its history.");

        // The tag route is "/images/{ref}/tag"; a catch-all cannot be followed by a literal, so the suffix is matched here.
        group.MapPost("/{**path}", async (HttpContext http, IImageOperations ops, string path, [FromBody] TagImageRequest body) =>
        {
            if (!path.EndsWith(TagSuffix, StringComparison.Ordinal))
            {
                return Results.NotFound();
            }

            await ops.TagAsync(await http.GetActorAsync(), Unescape(path[..^TagSuffix.Length]), body.Target, http.RequestAborted);
            return Results.NoContent();
        }).WithSummary("Tag an image: POST /images/{ref}/tag with {\"target\": \"repo:tag\"}.");

        group.MapDelete("/{**reference}", async (HttpContext http, IImageOperations ops, string reference, bool? force) =>
            TypedResults.Ok(await ops.RemoveAsync(await http.GetActorAsync(), Unescape(reference), force ?? false, http.RequestAborted)))
            .WithSummary("Remove a tag or an image (docker rmi); force=true also when stopped containers of yours use it.");

        return api;
    }

    private static string Unescape(string value) => Uri.UnescapeDataString(value);
}
