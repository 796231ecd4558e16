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
}
