using Portal.Engine.Pipeline;

namespace Portal.Engine.Volumes;

/// <summary>Everything Portal does to volumes, on behalf of an <see cref="Actor"/>.</summary>
/// <remarks>Failures are <see cref="OperationFailedException"/>s whose messages are fit to show.</remarks>
public interface IVolumeOperations
{
    /// <summary>Volumes of the actor's teams (all for admins) with sizes from the disk-usage report.</summary>
    Task<IReadOnlyList<VolumeSummary>> ListAsync(Actor actor, CancellationToken cancellationToken);

    Task<VolumeDetails> GetAsync(Actor actor, string name, CancellationToken cancellationToken);

    Task<VolumeSummary> CreateAsync(Actor actor, CreateVolumeRequest request, CancellationToken cancellationToken);

    /// <summary>Removes a volume; refused while containers use it, naming them.</summary>
    Task RemoveAsync(Actor actor, string name, CancellationToken cancellationToken);

    /// <summary>Removes unused volumes: all for admins, the actor's teams' otherwise.</summary>
    Task<PruneResult> PruneAsync(Actor actor, CancellationToken cancellationToken);

    /// <summary>Lists one folder of the volume, read-only, through a short-lived helper container.</summary>
    Task<VolumeListing> BrowseAsync(Actor actor, string name, string? path, CancellationToken cancellationToken);

    /// <summary>One file as is, or a folder as a tar archive.</summary>
    Task<VolumeDownload> DownloadAsync(Actor actor, string name, string? path, CancellationToken cancellationToken);
}
