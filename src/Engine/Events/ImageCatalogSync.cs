using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Portal.Data.Stores;
using Portal.Engine.Access;
using Portal.Engine.Docker;

namespace Portal.Engine.Events;

/// <summary>
/// Keeps the image half of the catalog in step with the engine. Every write goes through here,
/// one at a time, so the events watcher and an operation's immediate refresh never race.
/// </summary>
/// <remarks>
/// Image events name images inconsistently (a pull names the reference, a delete the id), so a
/// batch of them costs one full image list rather than per-id lookups; the store writes only
/// rows that changed.
/// </remarks>
public sealed class ImageCatalogSync(
    Engines engines,
    CatalogImageStore store,
    CatalogNotifier notifier,
    TimeProvider time,
    ILogger<ImageCatalogSync> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Lists the engine's images and makes the catalog match; returns how many rows changed.</summary>
    public async Task<int> ResyncAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await ResyncLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// After an operation changed images: resync now so the list shows the change at once. A
    /// failure is logged, not thrown; the events watcher catches up.
    /// </summary>
    /// <param name="cancellationToken">Cancels the refresh.</param>
    /// <param name="madeTag">The reference the operation pulled or built: the image is named by it from now on.</param>
    public async Task RefreshAfterChangeAsync(CancellationToken cancellationToken, string? madeTag = null)
    {
        try
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await ResyncLockedAsync(cancellationToken).ConfigureAwait(false);
                await PreferLockedAsync(madeTag, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _gate.Release();
            }
        }
        catch (Exception ex) when (ex is DockerApiException or HttpRequestException or IOException or Microsoft.EntityFrameworkCore.DbUpdateException)
        {
            ImageCatalogLog.RefreshFailed(logger, ex);
        }
    }

    /// <summary>Records that <paramref name="team"/> pulled <paramref name="reference"/> (a pull cannot label), then resyncs.</summary>
    public async Task RecordPullAsync(string reference, string team, string pulledBy, CancellationToken cancellationToken)
    {
        var inspect = await engines.Current.Client.Images.InspectImageAsync(reference, cancellationToken).ConfigureAwait(false);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow().UtcDateTime;
            var snapshot = new CatalogImageSnapshot(inspect.ID, Tags(inspect.RepoTags), inspect.Size, (inspect.Created ?? DateTime.UnixEpoch).ToUniversalTime(),
                ImageAccess.TeamOf(inspect.Config?.Labels), OwnerOf(inspect.Config?.Labels));
            await store.RecordPullAsync(engines.Current.Id, snapshot, team, pulledBy, now, cancellationToken).ConfigureAwait(false);
            await ResyncLockedAsync(cancellationToken).ConfigureAwait(false);
            await PreferLockedAsync(reference, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<int> ResyncLockedAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var images = await engines.Current.Client.Images.ListImagesAsync(new ImagesListParameters { All = false }, cancellationToken).ConfigureAwait(false);
        var live = images.Select(i => new CatalogImageSnapshot(i.ID, Tags(i.RepoTags), i.Size, i.Created.ToUniversalTime(),
            ImageAccess.TeamOf(i.Labels), OwnerOf(i.Labels))).ToList();
        var changed = await store.SyncAsync(engines.Current.Id, live, now, cancellationToken).ConfigureAwait(false);
        ImageCatalogLog.Resynced(logger, live.Count, changed);
        if (changed > 0)
        {
            notifier.NotifyImagesChanged();
        }

        return changed;
    }

    /// <summary>Names the image by <paramref name="reference"/> (see <see cref="CatalogImageStore.OrderTags"/>), in the engine's spelling of Docker Hub names.</summary>
    private async Task PreferLockedAsync(string? reference, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            return;
        }

        var tag = ImageReferences.Familiar(reference.Trim());
        if (await store.PreferTagAsync(engines.Current.Id, tag, time.GetUtcNow().UtcDateTime, cancellationToken).ConfigureAwait(false))
        {
            notifier.NotifyImagesChanged();
        }
    }

    private static List<string> Tags(IEnumerable<string>? tags) =>
        (tags ?? []).Where(t => !ImageReferences.IsNoneTag(t)).Order(StringComparer.Ordinal).ToList();

    private static string? OwnerOf(IDictionary<string, string>? labels) =>
        labels is not null && labels.TryGetValue(Labels.PortalLabels.Owner, out var owner) && owner.Length > 0 ? owner : null;
}
