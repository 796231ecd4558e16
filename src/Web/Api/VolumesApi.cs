using Microsoft.AspNetCore.Mvc;
using Portal.Engine.Volumes;

namespace Portal.Web.Api;

/// <summary><c>/api/v1/volumes</c>: ls, inspect, create, rm, prune, and read-only browse/download.</summary>
public static class VolumesApi
{
    public static RouteGroupBuilder MapVolumesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/volumes").WithTags("Volumes");

        group.MapGet("/", async (HttpContext http, IVolumeOperations ops) =>
            TypedResults.Ok(await ops.ListAsync(await http.GetActorAsync(), http.RequestAborted)))
            .WithSummary("List volumes of the caller's teams with size and users.");

        group.MapGet("/{name}", async (HttpContext http, IVolumeOperations ops, string name) =>
            TypedResults.Ok(await ops.GetAsync(await http.GetActorAsync(), name, http.RequestAborted)))
            .WithSummary("Inspect a volume.");

        group.MapPost("/", async (HttpContext http, IVolumeOperations ops, [FromBody] CreateVolumeRequest request) =>
        {
            var created = await ops.CreateAsync(await http.GetActorAsync(), request, http.RequestAborted);
            return TypedResults.Created(http.ApiPath($"/volumes/{Uri.EscapeDataString(created.Name)}"), created);
        }).WithSummary("Create a named volume owned by a team; driver options are admin-only.");

        group.MapDelete("/{name}", async (HttpContext http, IVolumeOperations ops, string name) =>
        {
            await ops.RemoveAsync(await http.GetActorAsync(), name, http.RequestAborted);
            return TypedResults.NoContent();
        }).WithSummary("Remove a volume; refused (409) while containers use it.");

        group.MapPost("/prune", async (HttpContext http, IVolumeOperations ops) =>
            TypedResults.Ok(await ops.PruneAsync(await http.GetActorAsync(), http.RequestAborted)))
            .WithSummary("Remove unused volumes (the caller's teams' only, unless admin).");

        group.MapGet("/{name}/browse", async (HttpContext http, IVolumeOperations ops, string name, string? path) =>
            TypedResults.Ok(await ops.BrowseAsync(await http.GetActorAsync(), name, path, http.RequestAborted)))
            .WithSummary("List one folder of the volume, read-only.");

        group.MapGet("/{name}/download", async (HttpContext http, IVolumeOperations ops, string name, string? path) =>
        {
            var download = await ops.DownloadAsync(await http.GetActorAsync(), name, path, http.RequestAborted);
            // The result streams the temporary file and disposes it (deleting the file) when done.
            return TypedResults.File(download.Content, download.ContentType, download.FileName);
        }).WithSummary("Download one file, or a folder as a tar archive.");

        return api;
    }
}
