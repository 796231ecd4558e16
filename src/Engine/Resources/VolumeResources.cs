using Docker.DotNet.Models;
using Portal.Engine.Docker;
using Portal.Engine.Events;
using Portal.Engine.Runner;
namespace Portal.Engine.Resources;

/// <summary>
/// The only writer of volumes. Callers have done access, admission and quota; this makes the engine call,
/// refusing to remove a volume Portal's own container mounts (<see cref="SelfProtection"/>). After each change it
/// writes the catalog, so a list read right after it is right without waiting for the events stream.
/// </summary>
public sealed class VolumeResources(Engines engines, SelfProtection self, ContainerResources containers, VolumeCatalogSync catalog)
{
    /// <summary>Creates a volume. Engine failures surface as they are, for the caller to word.</summary>
    public async Task<VolumeResponse> CreateAsync(AdmittedOperation operation, VolumesCreateParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var created = await engines.Current.Client.Volumes.CreateAsync(parameters, cancellationToken).ConfigureAwait(false);
        await catalog.RefreshAfterChangeAsync().ConfigureAwait(false);
        return created;
    }

    /// <summary>Refuses (409, naming the rule) when Portal's own container mounts the volume; for callers that check before their own in-use checks.</summary>
    public Task EnsureMayRemoveAsync(string name, CancellationToken cancellationToken) =>
        self.EnsureNotOwnVolumeAsync(name, "remove", cancellationToken);

    /// <summary>Removes a volume unless Portal's own container mounts it.</summary>
    public async Task RemoveAsync(AdmittedOperation operation, string name, bool force, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        await EnsureMayRemoveAsync(name, cancellationToken).ConfigureAwait(false);
        await engines.Current.Client.Volumes.RemoveAsync(name, force, cancellationToken).ConfigureAwait(false);
        await catalog.RefreshAfterChangeAsync().ConfigureAwait(false);
    }

    /// <summary>Removes unused volumes matching <paramref name="filters"/>; a mounted volume, Portal's included, is never among them.</summary>
    public async Task<VolumesPruneResponse> PruneAsync(AdmittedOperation operation, IDictionary<string, IDictionary<string, bool>> filters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var result = await engines.Current.Client.Volumes.PruneAsync(new VolumesPruneParameters { Filters = filters }, cancellationToken).ConfigureAwait(false);
        await catalog.RefreshAfterChangeAsync().ConfigureAwait(false);
        return result;
    }

    /// <summary>Creates a never-started container that mounts a volume (read-only, no network), for reading its files; returns its id.</summary>
    public Task<string> CreateHelperAsync(CreateContainerParameters parameters, CancellationToken cancellationToken) =>
        containers.CreateHelperAsync(parameters, cancellationToken);

    /// <summary>Removes a helper made by <see cref="CreateHelperAsync"/>, whatever the caller's token says.</summary>
    public Task RemoveHelperAsync(string id) =>
        containers.RemoveHelperAsync(id);
}
