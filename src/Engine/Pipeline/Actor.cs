using Portal.Data.Entities;

namespace Portal.Engine.Pipeline;

/// <summary>
/// Who an operation runs for: the signed-in user (or token owner), their teams and roles.
/// Built by the web layer for every request; Engine decides everything from it.
/// </summary>
public sealed record Actor(string UserId, string UserName, bool IsAdmin, IReadOnlyDictionary<string, TeamRole> Teams, bool ReadOnly = false)
{
    /// <summary>Portal itself, for background work such as catalog sync.</summary>
    public static Actor System { get; } = new("system", "system", true, new Dictionary<string, TeamRole>());

    /// <summary>True when the actor may see objects of <paramref name="team"/>.</summary>
    public bool CanSee(string? team) => IsAdmin || (team is not null && Teams.ContainsKey(team));

    /// <summary>True when the actor may change objects of <paramref name="team"/>.</summary>
    public bool CanOperate(string? team) =>
        !ReadOnly && (IsAdmin || (team is not null && Teams.TryGetValue(team, out var role) && role >= TeamRole.Operator));

    /// <summary>Teams the actor may create objects in.</summary>
    public IEnumerable<string> OperableTeams => Teams.Where(t => t.Value >= TeamRole.Operator).Select(t => t.Key);
}
