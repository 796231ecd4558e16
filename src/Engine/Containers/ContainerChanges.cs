using Portal.Data.Stores;
using Portal.Engine.Access;
using Portal.Engine.Labels;
using Portal.Engine.Pipeline;
using Portal.Engine.Quotas;
using Portal.Engine.Resources;
using Portal.Engine.Runner;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Containers;

/// <summary>
/// Changes to existing containers as declared operations: the runner runs access and quota, then the resource layer
/// (which refuses to touch Portal's own container and updates the catalog), all audited by the runner.
/// </summary>
public sealed class ContainerChanges(
    OperationRunner runner,
    ContainerAccess access,
    TeamStore teams,
    ContainerResources resources,
    ContainerCatalogUpdates catalog)
{
    public Task StartAsync(Actor actor, string idOrName, CancellationToken cancellationToken)
    {
        ResolvedContainer? c = null;
        var declaration = Declare("container.start", idOrName, found => c = found) with
        {
            Quota = async (target, _, ct) =>
            {
                var inspect = await resources.InspectAsync(c!.Id, ct).ConfigureAwait(false);
                // Starting adds this container's limits to the team's running total; it already counts as a container.
                var memory = inspect.HostConfig?.Memory ?? 0;
                var cpus = inspect.HostConfig?.NanoCPUs ?? 0;
                return inspect.State?.Running == true ? null : new QuotaDemand(0, memory, cpus, 0, memory <= 0, cpus <= 0);
            },
        };
        return runner.RunAsync(actor, declaration, async (op, ct) =>
        {
            var changed = await resources.ChangeAsync(op, c!.Id, ContainerChange.Start, ct).ConfigureAwait(false);
            op.Context.Detail = changed ? null : "no change (already in that state)";
        }, cancellationToken);
    }

    public Task StopAsync(Actor actor, string idOrName, int? timeoutSeconds, CancellationToken cancellationToken) =>
        ChangeAsync(actor, "container.stop", idOrName, ContainerChange.Stop(ToWait(timeoutSeconds)), cancellationToken);

    public Task RestartAsync(Actor actor, string idOrName, int? timeoutSeconds, CancellationToken cancellationToken) =>
        ChangeAsync(actor, "container.restart", idOrName, ContainerChange.Restart(ToWait(timeoutSeconds)), cancellationToken);

    public Task KillAsync(Actor actor, string idOrName, string? signal, CancellationToken cancellationToken) =>
        ChangeAsync(actor, "container.kill", idOrName, ContainerChange.Kill(string.IsNullOrWhiteSpace(signal) ? "SIGKILL" : signal), cancellationToken);

    public Task RemoveAsync(Actor actor, string idOrName, bool force, CancellationToken cancellationToken) =>
        ChangeAsync(actor, "container.remove", idOrName, ContainerChange.Remove(force, removeVolumes: true, actor.UserName), cancellationToken);

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
            await catalog.AssignTeamAsync(c.Id, newTeam, ct).ConfigureAwait(false);
        }, cancellationToken);

    private Task ChangeAsync(Actor actor, string action, string idOrName, ContainerChange change, CancellationToken cancellationToken)
    {
        ResolvedContainer? c = null;
        return runner.RunAsync(actor, Declare(action, idOrName, found => c = found), async (op, ct) =>
        {
            var changed = await resources.ChangeAsync(op, c!.Id, change, ct).ConfigureAwait(false);
            op.Context.Detail = changed ? null : "no change (already in that state)";
        }, cancellationToken);
    }

    /// <summary>A change to one existing container: access resolves it for writing (its name and team go to the audit).</summary>
    private OperationDeclaration Declare(string action, string idOrName, Action<ResolvedContainer> resolved) =>
        new(action, TargetKind.Container, idOrName)
        {
            Access = async (actor, ct) =>
            {
                var c = await access.ResolveAsync(actor, idOrName, write: true, ct).ConfigureAwait(false);
                resolved(c);
                return new OperationTarget(c.Name, c.Team);
            },
        };

    private static uint? ToWait(int? seconds) => seconds is { } s ? (uint)Math.Clamp(s, 0, 3600) : null;
}
