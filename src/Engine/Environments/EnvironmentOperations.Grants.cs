using Portal.Data.Entities;
using Portal.Engine.Pipeline;
using Portal.Engine.Teams;

namespace Portal.Engine.Environments;

public sealed partial class EnvironmentOperations
{
    /// <summary>Admin: the teams granted an environment and their highest role there.</summary>
    public async Task<IReadOnlyList<EnvironmentGrantInfo>> ListGrantsAsync(Actor actor, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        TeamOperations.RequireAdmin(actor);
        var row = await FindAsync(actor, name, cancellationToken).ConfigureAwait(false);
        var granted = await grants.ForEnvironmentAsync(row.Id, cancellationToken).ConfigureAwait(false);
        return granted.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new EnvironmentGrantInfo(g.Key, g.Value)).ToList();
    }

    /// <summary>Admin: grants <paramref name="team"/> an environment up to <paramref name="role"/> (or changes its role there).</summary>
    public Task<EnvironmentGrantInfo> GrantAsync(Actor actor, string name, string team, string? role, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "environment.grant", name ?? "", async (ctx, ct) =>
        {
            TeamOperations.RequireAdmin(actor);
            ctx.Team = team;
            var highest = ParseRole(role);

            var row = await FindAsync(ctx, name, ct).ConfigureAwait(false);
            if (!await grants.SetAsync(team ?? "", row.Id, highest, ct).ConfigureAwait(false))
            {
                throw OperationFailedException.NotFound("team", team ?? "");
            }

            ctx.Detail = $"{team} as {highest}";
            return new EnvironmentGrantInfo(team!, highest);
        }, cancellationToken);

    /// <summary>A role by its name only (Enum.TryParse would also take "1" or "0, 1").</summary>
    private static TeamRole ParseRole(string? role) =>
        Enum.GetValues<TeamRole>().FirstOrDefault(r => string.Equals(r.ToString(), role?.Trim(), StringComparison.OrdinalIgnoreCase)) is var parsed
            && string.Equals(parsed.ToString(), role?.Trim(), StringComparison.OrdinalIgnoreCase)
            ? parsed
            : throw OperationFailedException.Invalid($"'{role}' is not a role on an environment: use Viewer or Operator.");

    /// <summary>Admin: withdraws <paramref name="team"/>'s grant on an environment; not-found when it held none.</summary>
    public Task RevokeAsync(Actor actor, string name, string team, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "environment.revoke", name ?? "", async (ctx, ct) =>
        {
            TeamOperations.RequireAdmin(actor);
            ctx.Team = team;
            var row = await FindAsync(ctx, name, ct).ConfigureAwait(false);
            if (!await grants.RemoveAsync(team ?? "", row.Id, ct).ConfigureAwait(false))
            {
                throw OperationFailedException.NotFound("grant for team", team ?? "");
            }
        }, cancellationToken);
}
