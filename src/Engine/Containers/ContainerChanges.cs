using Portal.Data.Stores;
using Portal.Engine.Labels;
using Portal.Engine.Pipeline;
using Portal.Engine.Quotas;
using Portal.Engine.Resources;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Containers;

/// <summary>
/// Changes to existing containers through the pipeline: access and quota here, then the resource layer
/// (which refuses to touch Portal's own container and updates the catalog), all audited by the runner.
/// </summary>
public sealed class ContainerChanges(
    OperationRunner runner,
    ContainerAccess access,
    QuotaGuard quota,
    TeamStore teams,
    ContainerResources resources,
    ContainerCatalogUpdates catalog)
{
    public Task StartAsync(Actor actor, string idOrName, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "container.start", idOrName, async (ctx, ct) =>
        {
            var c = await ResolveForChangeAsync(ctx, idOrName, ct).ConfigureAwait(false);
            using var quotaLock = await quota.EnterAsync(c.Team, ct).ConfigureAwait(false);
            var inspect = await resources.InspectAsync(c.Id, ct).ConfigureAwait(false);
            if (inspect.State?.Running != true)
            {
                // Starting adds this container's limits to the team's running total; it already counts as a container.
                var memory = inspect.HostConfig?.Memory ?? 0;
                var cpus = inspect.HostConfig?.NanoCPUs ?? 0;
                await quota.CheckAsync(c.Team, new QuotaDemand(0, memory, cpus, 0, memory <= 0, cpus <= 0), ct).ConfigureAwait(false);
            }

            var changed = await resources.ChangeAsync(c.Id, ContainerChange.Start, ct).ConfigureAwait(false);
            ctx.Detail = changed ? null : "no change (already in that state)";
        }, cancellationToken);

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

    private Task ChangeAsync(Actor actor, string action, string idOrName, ContainerChange change, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, action, idOrName, async (ctx, ct) =>
        {
            var c = await ResolveForChangeAsync(ctx, idOrName, ct).ConfigureAwait(false);
            var changed = await resources.ChangeAsync(c.Id, change, ct).ConfigureAwait(false);
            ctx.Detail = changed ? null : "no change (already in that state)";
        }, cancellationToken);

    private async Task<ResolvedContainer> ResolveForChangeAsync(OperationContext ctx, string idOrName, CancellationToken ct)
    {
        var c = await access.ResolveAsync(ctx.Actor, idOrName, write: true, ct).ConfigureAwait(false);
        ctx.Target = c.Name;
        ctx.Team = c.Team;
        return c;
    }

    private static uint? ToWait(int? seconds) => seconds is { } s ? (uint)Math.Clamp(s, 0, 3600) : null;
}
