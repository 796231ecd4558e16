using Portal.Data.Entities;

namespace Portal.Engine.Pipeline;

/// <summary>
/// Who an operation runs for: the signed-in user (or token owner), their teams and roles.
/// Built by the web layer for every request; Engine decides everything from it.
/// </summary>
/// <remarks>
/// <c>ExecTeams</c>: teams whose containers the actor may exec into; null lets every operated team
/// (actors built without permissions). <c>EnvironmentTeams</c>: teams whose secret-looking
/// environment values the actor may read; null lets none.
/// </remarks>
public sealed record Actor(
    string UserId,
    string UserName,
    bool IsAdmin,
    IReadOnlyDictionary<string, TeamRole> Teams,
    bool ReadOnly = false,
    IReadOnlySet<string>? ExecTeams = null,
    IReadOnlySet<string>? EnvironmentTeams = null)
{
    /// <summary>Portal itself, for background work such as catalog sync.</summary>
    public static Actor System { get; } = new("system", "system", true, new Dictionary<string, TeamRole>());

    /// <summary>True when the actor may see objects of <paramref name="team"/>.</summary>
    public bool CanSee(string? team) => IsAdmin || (team is not null && Teams.ContainsKey(team));

    /// <summary>True when the actor may change objects of <paramref name="team"/>.</summary>
    public bool CanOperate(string? team) =>
        !ReadOnly && (IsAdmin || (team is not null && Teams.TryGetValue(team, out var role) && role >= TeamRole.Operator));

    /// <summary>True when the actor may run commands in containers of <paramref name="team"/>: an operator there with the "may exec" permission.</summary>
    public bool MayExec(string? team) =>
        !ReadOnly && (IsAdmin || (CanOperate(team) && (ExecTeams is null || ExecTeams.Contains(team!))));

    /// <summary>True when the actor may read secret-looking environment values of containers of <paramref name="team"/>.</summary>
    public bool MaySeeEnvironment(string? team) =>
        IsAdmin || (team is not null && CanSee(team) && EnvironmentTeams is not null && EnvironmentTeams.Contains(team));

    /// <summary>Teams the actor may create objects in.</summary>
    public IEnumerable<string> OperableTeams => Teams.Where(t => t.Value >= TeamRole.Operator).Select(t => t.Key);

    /// <summary>
    /// Which environments each of the actor's teams may use, and up to which role (team → environment
    /// row id → role); null for actors that are not narrowed (Portal itself, the host socket, tests).
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<int, TeamRole>>? EnvironmentGrants { get; init; }

    /// <summary>The environment row id this actor was narrowed to by <see cref="In"/>; null when not narrowed.</summary>
    public int? EnvironmentId { get; init; }

    /// <summary>The teams before narrowing, so an actor narrowed to one environment can be narrowed to another.</summary>
    private IReadOnlyDictionary<string, TeamRole> AllTeams { get; init; } = Teams;

    /// <summary>
    /// The actor as one environment sees them: only the teams granted that environment, each at the lower
    /// of the member's role and the grant's. Administrators and un-narrowed actors keep every team.
    /// </summary>
    public Actor In(int environmentId)
    {
        if (IsAdmin || EnvironmentGrants is null)
        {
            return this with { EnvironmentId = environmentId };
        }

        var teams = new Dictionary<string, TeamRole>(StringComparer.OrdinalIgnoreCase);
        foreach (var (team, role) in AllTeams)
        {
            if (EnvironmentGrants.TryGetValue(team, out var grants) && grants.TryGetValue(environmentId, out var highest))
            {
                teams[team] = role < highest ? role : highest;
            }
        }

        return this with { Teams = teams, EnvironmentId = environmentId };
    }

    /// <summary>True when the environment exists for this actor: an administrator, an un-narrowed actor, or a team of theirs holds a grant on it.</summary>
    public bool MayUse(int environmentId) =>
        IsAdmin || EnvironmentGrants is null || AllTeams.Keys.Any(t => EnvironmentGrants.TryGetValue(t, out var g) && g.ContainsKey(environmentId));
}
