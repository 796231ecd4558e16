using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Portal.Data.Stores;
using Portal.Engine.Docker;
using Portal.Engine.Events;
using Portal.Engine.Labels;
using Portal.Engine.Logging;
using Portal.Engine.Networks;
using Portal.Engine.Volumes;
using Portal.Engine.Pipeline;
using Portal.Engine.Pipeline.Admission;
using Portal.Engine.Quotas;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Containers;

/// <summary>Container operations through the pipeline: access → admission → engine call → audit.</summary>
public sealed partial class ContainerOperations(
    OperationRunner runner,
    ContainerAccess access,
    NetworkAccess networkAccess,
    VolumeAccess volumeAccess,
    AdmissionPolicy admission,
    QuotaGuard quota,
    EngineConnection connection,
    EngineContext engine,
    CatalogStore catalog,
    TeamStore teams,
    CatalogNotifier notifier,
    TimeProvider time,
    ILogger<ContainerOperations> logger) : IContainerOperations
{
    public async Task<PagedResult<ContainerSummary>> ListAsync(Actor actor, ContainerListRequest request, CancellationToken cancellationToken)
    {
        IReadOnlyCollection<string>? visible = actor.IsAdmin ? null : actor.Teams.Keys.ToList();
        if (request.Team is { Length: > 0 } team)
        {
            // A team the actor cannot see filters to nothing, the same as an empty team.
            visible = actor.CanSee(team) ? [team] : [];
        }

        var page = await catalog.QueryContainersAsync(engine.EndpointId, new ContainerQuery
        {
            Teams = visible,
            All = request.All,
            State = request.State,
            Text = request.Text,
            Removed = request.Removed,
            Sort = request.Sort,
            Descending = request.Descending,
            Skip = request.Skip,
            Take = request.Take,
        }, cancellationToken).ConfigureAwait(false);
        return new PagedResult<ContainerSummary>(page.Items.Select(c => ContainerSnapshots.ToSummary(c, time.GetUtcNow().UtcDateTime)).ToList(), page.Total);
    }

    public async Task<ContainerDetails> GetAsync(Actor actor, string idOrName, CancellationToken cancellationToken)
    {
        var resolved = await access.ResolveAsync(actor, idOrName, write: false, cancellationToken).ConfigureAwait(false);
        try
        {
            var inspect = await connection.Client.Containers.InspectContainerAsync(resolved.Id, cancellationToken).ConfigureAwait(false);
            var row = await catalog.FindContainerAsync(engine.EndpointId, resolved.Id, includeRemoved: true, cancellationToken).ConfigureAwait(false);
            var details = ContainerInspection.ToDetails(inspect, resolved.Team, row, time.GetUtcNow().UtcDateTime);
            // Masked here, not in the page, so every caller (page, REST, hubs) gets the same view.
            return actor.MaySeeEnvironment(resolved.Team) ? details : details with { Env = SecretEnvironment.MaskValues(details.Env) };
        }
        catch (Exception ex) when (DockerErrorTranslator.Translate(ex, connection.Endpoint) is { } failure && !ReferenceEquals(failure, ex))
        {
            throw failure.Outcome == OperationOutcome.NotFound ? OperationFailedException.NotFound("container", idOrName) : failure;
        }
    }

    public Task StartAsync(Actor actor, string idOrName, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "container.start", idOrName, async (ctx, ct) =>
        {
            var c = await ResolveForChangeAsync(ctx, idOrName, protectSelf: false, ct).ConfigureAwait(false);
            using var quotaLock = await quota.EnterAsync(c.Team, ct).ConfigureAwait(false);
            var inspect = await connection.Client.Containers.InspectContainerAsync(c.Id, ct).ConfigureAwait(false);
            if (inspect.State?.Running != true)
            {
                // Starting adds this container's limits to the team's running total; it already counts as a container.
                var memory = inspect.HostConfig?.Memory ?? 0;
                var cpus = inspect.HostConfig?.NanoCPUs ?? 0;
                await quota.CheckAsync(c.Team, new QuotaDemand(0, memory, cpus, 0, memory <= 0, cpus <= 0), ct).ConfigureAwait(false);
            }

            var changed = await connection.Client.Containers.StartContainerAsync(c.Id, new ContainerStartParameters(), ct).ConfigureAwait(false);
            ctx.Detail = changed ? null : "no change (already in that state)";
            await RefreshCatalogAsync([c.Id]).ConfigureAwait(false);
        }, cancellationToken);

    public Task StopAsync(Actor actor, string idOrName, int? timeoutSeconds, CancellationToken cancellationToken) =>
        MutateAsync(actor, "container.stop", idOrName, protectSelf: true, (client, c, ct) =>
            client.Containers.StopContainerAsync(c.Id, new ContainerStopParameters { WaitBeforeKillSeconds = ToWait(timeoutSeconds) }, ct), cancellationToken);

    public Task RestartAsync(Actor actor, string idOrName, int? timeoutSeconds, CancellationToken cancellationToken) =>
        MutateAsync(actor, "container.restart", idOrName, protectSelf: true, async (client, c, ct) =>
        {
            await client.Containers.RestartContainerAsync(c.Id, new ContainerRestartParameters { WaitBeforeKillSeconds = ToWait(timeoutSeconds) }, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    public Task KillAsync(Actor actor, string idOrName, string? signal, CancellationToken cancellationToken) =>
        MutateAsync(actor, "container.kill", idOrName, protectSelf: true, async (client, c, ct) =>
        {
            await client.Containers.KillContainerAsync(c.Id, new ContainerKillParameters { Signal = string.IsNullOrWhiteSpace(signal) ? "SIGKILL" : signal }, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    public Task RemoveAsync(Actor actor, string idOrName, bool force, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "container.remove", idOrName, async (ctx, ct) =>
        {
            var c = await ResolveForChangeAsync(ctx, idOrName, protectSelf: true, ct).ConfigureAwait(false);
            await connection.Client.Containers.RemoveContainerAsync(c.Id, new ContainerRemoveParameters { Force = force, RemoveVolumes = true }, ct).ConfigureAwait(false);
            await catalog.MarkContainerRemovedAsync(engine.EndpointId, c.Id, actor.UserName, time.GetUtcNow().UtcDateTime, CancellationToken.None).ConfigureAwait(false);
            notifier.NotifyContainersChanged();
        }, cancellationToken);

    public Task AssignTeamAsync(Actor actor, string idOrName, string? team, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "container.assign", idOrName, async (ctx, ct) =>
        {
            if (!actor.IsAdmin)
            {
                // Non-admins learn nothing about containers outside their teams.
                await access.ResolveAsync(actor, idOrName, write: true, ct).ConfigureAwait(false);
                throw OperationFailedException.Forbidden("Only administrators assign containers to teams.");
            }

            var c = await access.ResolveAsync(actor, idOrName, write: true, ct).ConfigureAwait(false);
            var newTeam = string.IsNullOrWhiteSpace(team) ? null : team.Trim();
            if (newTeam is not null && !await teams.ExistsAsync(newTeam, ct).ConfigureAwait(false))
            {
                throw OperationFailedException.Invalid($"There is no team named '{newTeam}'.");
            }

            if (c.Labels.ContainsKey(PortalLabels.Team))
            {
                throw OperationFailedException.Conflict($"Container '{c.Name}' carries the {PortalLabels.Team} label '{c.Team}'; labels decide its team.");
            }

            ctx.Target = c.Name;
            ctx.Team = newTeam;
            ctx.Detail = newTeam is null ? "unassigned" : $"assigned to {newTeam}";
            if (!await catalog.AssignContainerTeamAsync(engine.EndpointId, c.Id, newTeam, ct).ConfigureAwait(false))
            {
                // Not yet in the catalog (made a moment ago): add it, then assign.
                var snapshots = await ContainerSnapshots.ListAsync(connection.Client, [c.Id], time, ct).ConfigureAwait(false);
                foreach (var s in snapshots)
                {
                    await catalog.UpsertContainerAsync(engine.EndpointId, s, time.GetUtcNow().UtcDateTime, ct).ConfigureAwait(false);
                }

                await catalog.AssignContainerTeamAsync(engine.EndpointId, c.Id, newTeam, ct).ConfigureAwait(false);
            }

            notifier.NotifyContainersChanged();
        }, cancellationToken);

    private Task MutateAsync(Actor actor, string action, string idOrName, bool protectSelf, Func<IDockerClient, ResolvedContainer, CancellationToken, Task<bool>> call, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, action, idOrName, async (ctx, ct) =>
        {
            var c = await ResolveForChangeAsync(ctx, idOrName, protectSelf, ct).ConfigureAwait(false);
            var changed = await call(connection.Client, c, ct).ConfigureAwait(false);
            ctx.Detail = changed ? null : "no change (already in that state)";
            await RefreshCatalogAsync([c.Id]).ConfigureAwait(false);
        }, cancellationToken);

    private async Task<ResolvedContainer> ResolveForChangeAsync(OperationContext ctx, string idOrName, bool protectSelf, CancellationToken ct)
    {
        var c = await access.ResolveAsync(ctx.Actor, idOrName, write: true, ct).ConfigureAwait(false);
        ctx.Target = c.Name;
        ctx.Team = c.Team;
        if (protectSelf && c.Labels.TryGetValue(PortalLabels.Self, out var self) && self == "true")
        {
            throw OperationFailedException.Forbidden("This is Portal's own container; stop or remove it from the host instead.");
        }

        return c;
    }

    /// <summary>Writes the engine's view of these containers to the catalog now, so the list is right before the event arrives.</summary>
    private async Task RefreshCatalogAsync(IReadOnlyCollection<string> ids)
    {
        try
        {
            var listedAt = time.GetUtcNow().UtcDateTime;
            var snapshots = await ContainerSnapshots.ListAsync(connection.Client, ids, time, CancellationToken.None).ConfigureAwait(false);
            await catalog.UpsertContainersAsync(engine.EndpointId, snapshots, [], listedAt, CancellationToken.None).ConfigureAwait(false);

            notifier.NotifyContainersChanged();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The events watcher will bring the catalog up to date; the operation itself succeeded.
            Log.CatalogUpdateFailed(logger, ex, new ShortId(ids.FirstOrDefault() ?? ""));
        }
    }

    private static uint? ToWait(int? seconds) => seconds is { } s ? (uint)Math.Clamp(s, 0, 3600) : null;
}
