using Portal.Data.Stores;
using Portal.Engine.Pipeline;
using Portal.Engine.Quotas;
using Portal.Engine.Runner;

namespace Portal.Engine.Teams;

/// <summary>Reading and setting team quotas: members see their team's, admins see and set all.</summary>
public sealed class QuotaOperations(OperationRunner runner, QuotaStore quotas, QuotaGuard guard)
{
    /// <summary>The team's limits and use; a team the actor is not in reads as missing.</summary>
    public async Task<TeamQuotaView> GetAsync(Actor actor, string team, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.CanSee(team) || await quotas.GetAsync(team, cancellationToken).ConfigureAwait(false) is not { } limits)
        {
            throw OperationFailedException.NotFound("team", team);
        }

        return new TeamQuotaView(team, TeamQuotaLimits.From(limits), await guard.GetUsageAsync(team, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Replaces the team's limits (null members are unlimited); admins only, audited.</summary>
    public Task<TeamQuotaView> SetAsync(Actor actor, string team, TeamQuotaLimits limits, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "team.quota", team, async (ctx, ct) =>
        {
            ArgumentNullException.ThrowIfNull(limits);
            if (!actor.IsAdmin)
            {
                // A member learns the team exists from the GET anyway; a stranger must not.
                throw actor.CanSee(team)
                    ? OperationFailedException.Forbidden("Only administrators set quotas.")
                    : OperationFailedException.NotFound("team", team);
            }

            if (limits.MaxContainers < 0 || limits.MaxVolumes < 0 || limits.MaxMemoryBytes < 0 || limits.MaxNanoCpus < 0)
            {
                throw OperationFailedException.Invalid("Quota limits cannot be negative; leave a limit empty for unlimited.");
            }

            ctx.Team = team;
            if (!await quotas.SetAsync(team, limits.ToStore(), ct).ConfigureAwait(false))
            {
                throw OperationFailedException.NotFound("team", team);
            }

            ctx.Detail = $"containers {limits.MaxContainers?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "∞"}, memory {limits.MaxMemoryBytes?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "∞"}, "
                + $"nanoCpus {limits.MaxNanoCpus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "∞"}, volumes {limits.MaxVolumes?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "∞"}";
            return new TeamQuotaView(team, limits, await guard.GetUsageAsync(team, ct).ConfigureAwait(false));
        }, cancellationToken);
}
