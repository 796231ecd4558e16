using Docker.DotNet.Models;
using Portal.Engine.Docker;
using Portal.Engine.Runner;

namespace Portal.Engine.Resources;

/// <summary>
/// The only writer of volumes. Callers have done access, admission and quota; this makes the engine call,
/// refusing to remove a volume Portal's own container mounts (<see cref="SelfProtection"/>).
/// </summary>
public sealed class VolumeResources(Engines engines, SelfProtection self, ContainerResources containers)
{
    /// <summary>Creates a volume. Engine failures surface as they are, for the caller to word.</summary>
    public Task<VolumeResponse> CreateAsync(AdmittedOperation operation, VolumesCreateParameters parameters, CancellationToken cancellationToken) =>
        operation is null ? throw new ArgumentNullException(nameof(operation)) : engines.Current.Client.Volumes.CreateAsync(parameters, cancellationToken);

    /// <summary>Refuses (409, naming the rule) when Portal's own container mounts the volume; for callers that check before their own in-use checks.</summary>
    public Task EnsureMayRemoveAsync(string name, CancellationToken cancellationToken) =>
        self.EnsureNotOwnVolumeAsync(name, "remove", cancellationToken);

    /// <summary>Removes a volume unless Portal's own container mounts it.</summary>
    public async Task RemoveAsync(AdmittedOperation operation, string name, bool force, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        await EnsureMayRemoveAsync(name, cancellationToken).ConfigureAwait(false);
        await engines.Current.Client.Volumes.RemoveAsync(name, force, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes unused volumes matching <paramref name="filters"/>; a mounted volume, Portal's included, is never among them.</summary>
    public Task<VolumesPruneResponse> PruneAsync(AdmittedOperation operation, IDictionary<string, IDictionary<string, bool>> filters, CancellationToken cancellationToken) =>
        operation is null ? throw new ArgumentNullException(nameof(operation)) : engines.Current.Client.Volumes.PruneAsync(new VolumesPruneParameters { Filters = filters }, cancellationToken);

    /// <summary>Creates a never-started container that mounts a volume (read-only, no network), for reading its files; returns its id.</summary>
    public Task<string> CreateHelperAsync(CreateContainerParameters parameters, CancellationToken cancellationToken) =>
        containers.CreateHelperAsync(parameters, cancellationToken);

    /// <summary>Removes a helper made by <see cref="CreateHelperAsync"/>, whatever the caller's token says.</summary>
    public Task RemoveHelperAsync(string id) =>
        containers.RemoveHelperAsync(id);
}
