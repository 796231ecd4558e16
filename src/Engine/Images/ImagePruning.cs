using Portal.Data.Stores;
using Portal.Engine.Docker;
using Portal.Engine.Events;
using Portal.Engine.Pipeline;
using Portal.Engine.Runner;

namespace Portal.Engine.Images;

/// <summary>Image prune, a declared operation: an admin prunes every dangling image, anyone else only their teams'.</summary>
public sealed class ImagePruning(OperationRunner runner, CatalogImageStore catalog, Engines engines, ImageCatalogSync catalogSync, EngineDiskUsage diskUsage, Resources.ImageResources resources)
{
    public Task<ImagePruneResult> PruneAsync(Actor actor, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, new OperationDeclaration("image.prune", TargetKind.Image, "dangling images")
        {
            Access = (_, _) => Task.FromResult(new OperationTarget("dangling images", null)),
        }, async (op, ct) =>
        {
            var ctx = op.Context;
            // Admins prune every dangling image; others only those their teams' labels claim, so
            // a prune never touches what another team (or nobody) owns.
            IReadOnlyList<string?> scopes = actor.IsAdmin ? new string?[] { null } : actor.OperableTeams.ToList<string?>();
            if (scopes.Count == 0)
            {
                throw OperationFailedException.Forbidden("You operate no team, so there are no images of yours to prune.");
            }

            var deleted = new List<string>();
            long reclaimed = 0;
            foreach (var team in scopes)
            {
                var filters = new Dictionary<string, IDictionary<string, bool>> { ["dangling"] = new Dictionary<string, bool> { ["true"] = true } };
                if (team is not null)
                {
                    filters["label"] = new Dictionary<string, bool> { [$"{Labels.PortalLabels.Team}={team}"] = true };
                }

                var response = await resources.PruneAsync(op, filters, ct).ConfigureAwait(false);
                deleted.AddRange((response.ImagesDeleted ?? []).Select(d => d.Deleted).OfType<string>().Where(d => d.Length > 0));
                reclaimed += (long)response.SpaceReclaimed;
            }

            if (!actor.IsAdmin)
            {
                var (pulled, bytes) = await RemoveDanglingPulledAsync(op, ct).ConfigureAwait(false);
                deleted.AddRange(pulled);
                reclaimed += bytes;
            }

            ctx.Team = actor.IsAdmin ? null : string.Join(",", scopes);
            ctx.Detail = $"removed {deleted.Count} image layer(s), reclaimed {reclaimed} bytes";
            await catalogSync.RefreshAfterChangeAsync(ct).ConfigureAwait(false);
            return new ImagePruneResult(deleted, reclaimed);
        }, cancellationToken);

    /// <summary>
    /// A pull cannot label an image, so the engine's prune filter cannot see which team pulled it;
    /// the catalog knows. Those go one by one, and an image a container still uses is left alone.
    /// </summary>
    private async Task<(IReadOnlyList<string> Deleted, long Reclaimed)> RemoveDanglingPulledAsync(AdmittedOperation op, CancellationToken ct)
    {
        var actor = op.Actor;
        var candidates = await catalog.DanglingPulledByAsync(engines.Current.Id, actor.OperableTeams.ToList(), ct).ConfigureAwait(false);
        if (candidates.Count == 0)
        {
            return ([], 0);
        }

        // The engine's own figure per image (its size less what it shares) is what a prune reclaims.
        var df = await diskUsage.ReadAsync(ct).ConfigureAwait(false);
        var own = df.Images.ToDictionary(i => i.Id, i => Math.Max(0, i.Size - Math.Max(0, i.SharedSize)), StringComparer.Ordinal);
        var deleted = new List<string>();
        long reclaimed = 0;
        foreach (var id in candidates)
        {
            try
            {
                var removed = await resources.RemoveAsync(op, id, force: false, ct).ConfigureAwait(false);
                deleted.AddRange(removed.SelectMany(r => r.TryGetValue("Deleted", out var d) ? [d] : Array.Empty<string>()));
                reclaimed += own.GetValueOrDefault(id);
            }
            catch (global::Docker.DotNet.DockerApiException ex) when (ex.StatusCode is System.Net.HttpStatusCode.Conflict or System.Net.HttpStatusCode.NotFound)
            {
                // Used by a container (prune skips those too), or already gone.
            }
        }

        return (deleted, reclaimed);
    }
}
