using Portal.Data.Stores;
using Portal.Engine.Labels;

namespace Portal.Engine.Pipeline;

/// <summary>Picks the team that will own a new object, the same way for every resource.</summary>
public static class OwningTeam
{
    /// <summary>The team asked for if the actor operates it, else the actor's only operable team; null only for admins.</summary>
    public static async Task<string?> ResolveAsync(Actor actor, string? requested, TeamStore teams, string kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(teams);
        var team = string.IsNullOrWhiteSpace(requested) ? null : requested.Trim();
        if (team is null)
        {
            if (actor.IsAdmin)
            {
                return null;
            }

            var operable = actor.OperableTeams.ToList();
            return operable.Count switch
            {
                1 => operable[0],
                0 => throw new OperationFailedException(OperationOutcome.Forbidden, $"You are not an operator of any team, so you cannot create {kind}s.") { Field = "team" },
                _ => throw OperationFailedException.Invalid($"Choose the team that will own the {kind}: {string.Join(", ", operable)}.", "team"),
            };
        }

        if (!actor.CanOperate(team))
        {
            throw new OperationFailedException(OperationOutcome.Forbidden, $"You cannot create {kind}s for team '{team}'.") { Field = "team" };
        }

        if (!await teams.ExistsAsync(team, cancellationToken).ConfigureAwait(false))
        {
            throw OperationFailedException.Invalid($"There is no team named '{team}'.", "team");
        }

        return team;
    }

    /// <summary>
    /// The team a pull is recorded for: the one asked for (resolved as for a new object), else the actor's only
    /// operable team; none for an admin who names none or an operator of several.
    /// </summary>
    public static async Task<string?> ResolveOptionalAsync(Actor actor, string? requested, TeamStore teams, string kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!string.IsNullOrWhiteSpace(requested))
        {
            return await ResolveAsync(actor, requested, teams, kind, cancellationToken).ConfigureAwait(false);
        }

        var operable = actor.OperableTeams.Take(2).ToList();
        return !actor.IsAdmin && operable.Count == 1 ? operable[0] : null;
    }

    /// <summary>The access step of an operation that creates an object named <paramref name="name"/>: the team that will own it, as <see cref="ResolveAsync"/> decides.</summary>
    public static Func<Actor, CancellationToken, Task<OperationTarget>> ForNew(TeamStore teams, string? requested, string kind, string name) =>
        async (actor, ct) => new OperationTarget(name, await ResolveAsync(actor, requested, teams, kind, ct).ConfigureAwait(false));

    /// <summary>The labels every object Portal creates carries: the reserved ones win over the user's.</summary>
    public static Dictionary<string, string> Labels(IReadOnlyDictionary<string, string> user, string? team, string owner)
    {
        var labels = new Dictionary<string, string>(user, StringComparer.Ordinal) { [PortalLabels.Owner] = owner };
        if (team is not null)
        {
            labels[PortalLabels.Team] = team;
        }

        return labels;
    }
}
