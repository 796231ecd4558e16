using Microsoft.Extensions.Logging;
using Portal.Data.Stores;
using Portal.Engine.Docker;
using Portal.Engine.Events;
using Portal.Engine.Logging;

namespace Portal.Engine.Resources;

/// <summary>
/// Writes what the resource layer just did to the catalog and tells open pages, so a list read right
/// after a change is right without waiting for the events stream (which later confirms the same rows).
/// </summary>
public sealed class ContainerCatalogUpdates(
    Engines engines,
    CatalogStore catalog,
    CatalogNotifier notifier,
    VolumeCatalogSync volumes,
    TimeProvider time,
    ILogger<ContainerCatalogUpdates> logger)
{
    /// <summary>Writes the engine's view of these containers now.</summary>
    /// <remarks>Never fails the change that came before it: on error the events watcher brings the catalog up to date.</remarks>
    public async Task RefreshAsync(IReadOnlyCollection<string> ids)
    {
        if (ids.Count == 0)
        {
            return;
        }

        try
        {
            var listedAt = time.GetUtcNow().UtcDateTime;
            var snapshots = await ContainerSnapshots.ListAsync(engines.Current.Client, ids, time, CancellationToken.None).ConfigureAwait(false);
            await catalog.UpsertContainersAsync(engines.Current.Id, snapshots, [], listedAt, CancellationToken.None).ConfigureAwait(false);
            notifier.NotifyContainersChanged();
            // A create may have made a named volume on the way (-v data:/x): list it now too.
            await volumes.RefreshIfUnknownAsync(snapshots.SelectMany(s => s.Volumes ?? [])).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.CatalogUpdateFailed(logger, ex, new ShortId(ids.First()));
        }
    }

    /// <summary>Marks these containers removed by <paramref name="by"/> (kept as history).</summary>
    public async Task MarkRemovedAsync(IReadOnlyCollection<string> ids, string? by)
    {
        if (ids.Count == 0)
        {
            return;
        }

        try
        {
            var now = time.GetUtcNow().UtcDateTime;
            foreach (var id in ids)
            {
                await catalog.MarkContainerRemovedAsync(engines.Current.Id, id, by, now, CancellationToken.None).ConfigureAwait(false);
            }

            notifier.NotifyContainersChanged();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.CatalogUpdateFailed(logger, ex, new ShortId(ids.First()));
        }
    }

    /// <summary>Records the team an admin assigned (adding the container to the catalog first when it is not there yet).</summary>
    public async Task AssignTeamAsync(string id, string? team, CancellationToken cancellationToken)
    {
        if (!await catalog.AssignContainerTeamAsync(engines.Current.Id, id, team, cancellationToken).ConfigureAwait(false))
        {
            // Not yet in the catalog (made a moment ago): add it, then assign.
            var now = time.GetUtcNow().UtcDateTime;
            foreach (var s in await ContainerSnapshots.ListAsync(engines.Current.Client, [id], time, cancellationToken).ConfigureAwait(false))
            {
                await catalog.UpsertContainerAsync(engines.Current.Id, s, now, cancellationToken).ConfigureAwait(false);
            }

            await catalog.AssignContainerTeamAsync(engines.Current.Id, id, team, cancellationToken).ConfigureAwait(false);
        }

        notifier.NotifyContainersChanged();
    }
}
