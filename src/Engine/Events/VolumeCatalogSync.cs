using System.Globalization;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Portal.Data.Stores;
using Portal.Engine.Docker;
using Portal.Engine.Labels;

namespace Portal.Engine.Events;

/// <summary>
/// Keeps the volume part of the catalog in step with the engine; every write goes through here, one at a time. Sizes are
/// not read here: <see cref="VolumeSizeRefresher"/> measures them in the background, throttled.
/// </summary>
public sealed class VolumeCatalogSync(
    Engines engines,
    CatalogVolumeStore store,
    CatalogNotifier notifier,
    VolumeSizeRefresher sizes,
    TimeProvider time,
    ILogger<VolumeCatalogSync> logger) : SerializedCatalogSync(logger)
{
    private volatile HashSet<string> _known = new(StringComparer.Ordinal);

    protected override async Task<int> ResyncLockedAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var response = await engines.Current.Client.Volumes.ListAsync(new VolumesListParameters(), cancellationToken).ConfigureAwait(false);
        var live = (response.Volumes ?? []).Select(ToSnapshot).ToList();
        var changed = await store.SyncAsync(engines.Current.Id, live, now, cancellationToken).ConfigureAwait(false);
        _known = live.Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
        CatalogSyncLog.Resynced(Logger, "Volume", live.Count, changed);
        if (changed > 0)
        {
            notifier.NotifyVolumesChanged();
            // A new volume has no size yet; ask for one (the refresher throttles).
            sizes.Request();
        }

        return changed;
    }

    /// <summary>
    /// After containers were created: a named volume the engine made on the way (<c>-v data:/x</c>)
    /// is in the list at once. Costs nothing when every name is already known.
    /// </summary>
    public Task RefreshIfUnknownAsync(IEnumerable<string> names)
    {
        var known = _known;
        return names.All(known.Contains) ? Task.CompletedTask : RefreshAfterChangeAsync();
    }

    /// <summary>The catalog's view of one listed volume (pure).</summary>
    public static CatalogVolumeSnapshot ToSnapshot(VolumeResponse v)
    {
        ArgumentNullException.ThrowIfNull(v);
        var labels = v.Labels ?? new Dictionary<string, string>();
        DateTime? created = DateTimeOffset.TryParse(v.CreatedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at.UtcDateTime : null;
        return new CatalogVolumeSnapshot(
            v.Name,
            v.Driver ?? "",
            v.Scope ?? "",
            v.Mountpoint,
            labels.TryGetValue(PortalLabels.Team, out var team) && team.Length > 0 ? team : null,
            labels.TryGetValue(PortalLabels.Owner, out var owner) ? owner : null,
            created);
    }
}
