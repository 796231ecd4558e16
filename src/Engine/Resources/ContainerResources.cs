using System.Collections.Concurrent;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Portal.Engine.Docker;
using Portal.Engine.Logging;
using Portal.Engine.Runner;

namespace Portal.Engine.Resources;

/// <summary>
/// The only writer of containers. Callers have done access, admission and quota; this does the
/// engine call with the container guards in one place: Portal's own container is never stopped,
/// killed, restarted or removed (<see cref="SelfProtection"/>), a container that fails to come up
/// is removed unless kept, and the catalog and open pages learn of every change at once.
/// </summary>
public sealed class ContainerResources(
    Engines engines,
    SelfProtection self,
    ContainerCatalogUpdates catalog,
    ILogger<ContainerResources> logger)
{
    /// <summary>Creates a container (not started). Engine failures surface as they are, for the caller to word.</summary>
    public Task<string> CreateAsync(AdmittedOperation operation, CreateContainerParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return CreateCoreAsync(parameters, cancellationToken);
    }

    /// <summary>Creates one of Portal's own helper containers (a volume browser), which reads and is removed at once; no operation declares it.</summary>
    internal Task<string> CreateHelperAsync(CreateContainerParameters parameters, CancellationToken cancellationToken) =>
        CreateCoreAsync(parameters, cancellationToken);

    /// <summary>Removes a helper container made by <see cref="CreateHelperAsync"/>.</summary>
    internal Task RemoveHelperAsync(string id) =>
        ChangeAllCoreAsync([id], ContainerChange.Remove(force: true, removeVolumes: false, by: null), null, CancellationToken.None);

    private async Task<string> CreateCoreAsync(CreateContainerParameters parameters, CancellationToken cancellationToken)
    {
        var created = await engines.Current.Client.Containers.CreateContainerAsync(parameters, cancellationToken).ConfigureAwait(false);
        return created.ID;
    }

    /// <summary>
    /// Joins the launch's networks, runs its before-start step and starts the container. When any of that fails
    /// (or is cancelled) the container is removed unless the launch keeps it, and the failure is thrown as it was.
    /// </summary>
    public async Task StartCreatedAsync(AdmittedOperation operation, string id, ContainerLaunch launch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(launch);
        var client = engines.Current.Client;
        try
        {
            foreach (var (network, endpoint) in launch.Networks)
            {
                await client.Networks.ConnectNetworkAsync(network, new NetworkConnectParameters { Container = id, EndpointConfig = endpoint! }, cancellationToken).ConfigureAwait(false);
            }

            if (launch.BeforeStart is { } before)
            {
                await before(id, cancellationToken).ConfigureAwait(false);
            }

            await client.Containers.StartContainerAsync(id, new ContainerStartParameters(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!launch.KeepOnFailure)
        {
            Log.RemovingFailedContainer(logger, new ShortId(id));
            try
            {
                await client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception removal) when (removal is not OperationCanceledException)
            {
                // The first failure is the one to report; this one only leaves a container behind.
                Log.FailedContainerLeft(logger, removal, new ShortId(id));
            }

            throw;
        }

        await catalog.RefreshAsync([id]).ConfigureAwait(false);
    }

    /// <summary>Refuses (409, naming the rule) when any of <paramref name="ids"/> is Portal's own container; for callers that check a whole plan before acting.</summary>
    public Task EnsureNotSelfAsync(IReadOnlyCollection<string> ids, string verb, CancellationToken cancellationToken) =>
        self.EnsureNoneAsync(ids, verb, cancellationToken);

    /// <summary>Applies <paramref name="change"/> to one container; false when it was already in that state (start, stop).</summary>
    public async Task<bool> ChangeAsync(AdmittedOperation operation, string id, ContainerChange change, CancellationToken cancellationToken) =>
        (await ChangeAllAsync(operation, [id], change, null, cancellationToken).ConfigureAwait(false))[0];

    /// <summary>
    /// Applies <paramref name="change"/> to every container, concurrently, after checking the whole set against
    /// Portal's own container (nothing is done when one of them is). <paramref name="each"/> runs after each
    /// container's change (progress). The catalog is brought up to date for what changed, even when one failed.
    /// </summary>
    /// <returns>Per id, in order: whether the engine changed something (start and stop say false when already so).</returns>
    public Task<IReadOnlyList<bool>> ChangeAllAsync(AdmittedOperation operation, IReadOnlyList<string> ids, ContainerChange change, Func<string, Task>? each, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return ChangeAllCoreAsync(ids, change, each, cancellationToken);
    }

    private async Task<IReadOnlyList<bool>> ChangeAllCoreAsync(IReadOnlyList<string> ids, ContainerChange change, Func<string, Task>? each, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(change);
        if (change.Kind != ContainerChangeKind.Start)
        {
            await self.EnsureNoneAsync(ids, change.Verb, cancellationToken).ConfigureAwait(false);
        }

        var done = new ConcurrentBag<string>();
        try
        {
            return await Task.WhenAll(ids.Select(async id =>
            {
                var changed = await ApplyAsync(id, change, cancellationToken).ConfigureAwait(false);
                done.Add(id);
                if (each is not null)
                {
                    await each(id).ConfigureAwait(false);
                }

                return changed;
            })).ConfigureAwait(false);
        }
        finally
        {
            if (change.Kind == ContainerChangeKind.Remove)
            {
                await catalog.MarkRemovedAsync([.. done], change.By).ConfigureAwait(false);
            }
            else
            {
                await catalog.RefreshAsync([.. done]).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Copies a tar archive into the container at <paramref name="path"/> (compose secrets and configs, before start).</summary>
    public Task CopyInAsync(AdmittedOperation operation, string id, string path, Stream archive, CancellationToken cancellationToken) =>
        operation is null ? throw new ArgumentNullException(nameof(operation)) : engines.Current.Client.Containers.ExtractArchiveToContainerAsync(id, new CopyToContainerParameters { Path = path }, archive, cancellationToken);

    /// <summary>The engine's view of a container, for callers that wait on what they changed (compose conditions).</summary>
    public Task<ContainerInspectResponse> InspectAsync(string id, CancellationToken cancellationToken) =>
        engines.Current.Client.Containers.InspectContainerAsync(id, cancellationToken);

    /// <summary>Removes stopped containers matching <paramref name="filters"/>; Portal's own container is never among them.</summary>
    public async Task<ContainersPruneResponse> PruneAsync(AdmittedOperation operation, IDictionary<string, IDictionary<string, bool>> filters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(filters);
        filters["label!"] = new Dictionary<string, bool> { [$"{Labels.PortalLabels.Self}=true"] = true };
        var result = await engines.Current.Client.Containers.PruneContainersAsync(new ContainersPruneParameters { Filters = filters }, cancellationToken).ConfigureAwait(false);
        await catalog.MarkRemovedAsync([.. result.ContainersDeleted ?? []], null).ConfigureAwait(false);
        return result;
    }

    private async Task<bool> ApplyAsync(string id, ContainerChange change, CancellationToken ct)
    {
        var containers = engines.Current.Client.Containers;
        switch (change.Kind)
        {
            case ContainerChangeKind.Start:
                return await containers.StartContainerAsync(id, new ContainerStartParameters(), ct).ConfigureAwait(false);
            case ContainerChangeKind.Stop:
                return await containers.StopContainerAsync(id, new ContainerStopParameters { WaitBeforeKillSeconds = change.WaitSeconds }, ct).ConfigureAwait(false);
            case ContainerChangeKind.Restart:
                await containers.RestartContainerAsync(id, new ContainerRestartParameters { WaitBeforeKillSeconds = change.WaitSeconds }, ct).ConfigureAwait(false);
                return true;
            case ContainerChangeKind.Kill:
                await containers.KillContainerAsync(id, new ContainerKillParameters { Signal = change.Signal ?? "SIGKILL" }, ct).ConfigureAwait(false);
                return true;
            default:
                if (change.WaitSeconds is { } grace)
                {
                    await containers.StopContainerAsync(id, new ContainerStopParameters { WaitBeforeKillSeconds = grace }, ct).ConfigureAwait(false);
                }

                await containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = change.Force, RemoveVolumes = change.RemoveVolumes }, ct).ConfigureAwait(false);
                return true;
        }
    }
}
