using System.Text.RegularExpressions;
using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.Engine.Docker;
using Portal.Engine.Pipeline;
using Portal.Engine.Runner;

namespace Portal.Engine.Teams;

/// <summary>Team administration through the pipeline, so every change is audited.</summary>
public sealed partial class TeamOperations(OperationRunner runner, TeamStore teams, TeamObjects objects, Engines engines, EnvironmentGrantStore grants)
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

    /// <summary>Admin only: creates a team whose name becomes the <c>io.portal.team</c> label value, granted the local environment.</summary>
    public Task<TeamSummary> CreateAsync(Actor actor, string name, string? description, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "team.create", name ?? "", async (ctx, ct) =>
        {
            RequireAdmin(actor);
            var slug = name?.Trim() ?? "";
            if (!TeamNameRegex().IsMatch(slug))
            {
                throw OperationFailedException.Invalid($"'{slug}' is not a valid team name: use 1-64 lower-case letters, digits and '-', starting with a letter or digit.", "name");
            }

            ctx.Team = slug;
            var created = await teams.CreateAsync(slug, description, ct).ConfigureAwait(false)
                ?? throw new OperationFailedException(OperationOutcome.Conflict, $"A team named '{slug}' already exists.") { Field = "name" };
            // A new team may use the local environment as operators, so teams keep working as they did before
            // environments; every other environment is granted by an administrator.
            await engines.Local.Ready.WaitAsync(ct).ConfigureAwait(false);
            await grants.SetAsync(slug, engines.Local.Id, TeamRole.Operator, ct).ConfigureAwait(false);
            return TeamSummary.From(created);
        }, cancellationToken);

    /// <summary>
    /// Admin only: deletes a team that owns nothing any more (its memberships and quota go with it); audited as
    /// <c>team.delete</c>. A team that still owns objects is refused, naming them, so no object is left orphaned.
    /// </summary>
    public Task DeleteAsync(Actor actor, string name, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "team.delete", name ?? "", async (ctx, ct) =>
        {
            RequireAdmin(actor);
            var team = name?.Trim() ?? "";
            ctx.Team = team;
            if (!await teams.ExistsAsync(team, ct).ConfigureAwait(false))
            {
                throw OperationFailedException.NotFound("team", team);
            }

            var owned = await objects.ListAsync(team, ct).ConfigureAwait(false);
            if (owned.Count > 0)
            {
                const int Shown = 10;
                var names = string.Join(", ", owned.Take(Shown)) + (owned.Count > Shown ? $" and {owned.Count - Shown} more" : "");
                throw OperationFailedException.Conflict($"Team '{team}' still owns {names}; remove them or give them to another team first.");
            }

            await teams.DeleteAsync(team, ct).ConfigureAwait(false);
        }, cancellationToken);

    internal static void RequireAdmin(Actor actor)
    {
        if (!actor.IsAdmin)
        {
            throw OperationFailedException.Forbidden("Only administrators may do this.");
        }
    }

    /// <summary>True when <paramref name="name"/> may name a team (or anything named by the same rule, such as an environment).</summary>
    internal static bool IsValidName(string name) => TeamNameRegex().IsMatch(name);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex TeamNameRegex();
}
