using System.Text.RegularExpressions;
using Portal.Data.Stores;
using Portal.Engine.Pipeline;
using Portal.Engine.Runner;

namespace Portal.Engine.Teams;

/// <summary>Team administration through the pipeline, so every change is audited.</summary>
public sealed partial class TeamOperations(OperationRunner runner, TeamStore teams)
{
    /// <summary>Teams the actor may see: all for admins, their own otherwise.</summary>
    public async Task<IReadOnlyList<TeamSummary>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        var all = await teams.ListAsync(cancellationToken).ConfigureAwait(false);
        return all.Where(t => actor.CanSee(t.Name)).Select(TeamSummary.From).ToList();
    }

    /// <summary>Names of the teams the actor may create objects for (all teams for admins).</summary>
    public async Task<IReadOnlyList<string>> ListOperableAsync(Actor actor, CancellationToken cancellationToken)
    {
        var visible = await ListAsync(actor, cancellationToken).ConfigureAwait(false);
        return visible.Where(t => actor.CanOperate(t.Name)).Select(t => t.Name).ToList();
    }

    /// <summary>Admin only: creates a team whose name becomes the <c>io.portal.team</c> label value.</summary>
    public Task<TeamSummary> CreateAsync(Actor actor, string name, string? description, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "team.create", name ?? "", async (ctx, ct) =>
        {
            RequireAdmin(actor);
            var slug = name?.Trim() ?? "";
            if (!TeamNameRegex().IsMatch(slug))
            {
                throw OperationFailedException.Invalid($"'{slug}' is not a valid team name: use 1-64 lower-case letters, digits and '-', starting with a letter or digit.");
            }

            ctx.Team = slug;
            var created = await teams.CreateAsync(slug, description, ct).ConfigureAwait(false)
                ?? throw OperationFailedException.Conflict($"A team named '{slug}' already exists.");
            return TeamSummary.From(created);
        }, cancellationToken);

    internal static void RequireAdmin(Actor actor)
    {
        if (!actor.IsAdmin)
        {
            throw OperationFailedException.Forbidden("Only administrators may do this.");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex TeamNameRegex();
}
