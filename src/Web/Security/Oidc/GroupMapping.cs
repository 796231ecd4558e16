using Portal.Data.Entities;

namespace Portal.Web.Security.Oidc;

/// <summary>One mapping entry: members of <paramref name="Group"/> get <paramref name="Role"/> in <paramref name="Team"/>, or Admin.</summary>
public sealed record GroupGrant(string Group, string? Team, TeamRole Role, bool Admin);

/// <summary>What a person's groups grant: a role per team (highest wins) and whether they are an administrator.</summary>
public sealed record MappedAccess(IReadOnlyDictionary<string, TeamRole> Teams, bool IsAdmin)
{
    /// <summary>False when no group of the person is mapped: such a person may not sign in.</summary>
    public bool GrantsAnything => IsAdmin || Teams.Count > 0;
}

/// <summary>Parses the group map and applies it to the groups a provider names.</summary>
/// <remarks>
/// The map is one string so that a single variable can carry it: entries separated by <c>;</c> or
/// new lines, each <c>group=team:Role</c> (Role is Operator or Viewer; Viewer when left out) or
/// <c>group=Admin</c>. Group names are compared exactly (providers send ids such as GUIDs or paths).
/// </remarks>
public static class GroupMapping
{
    public static IReadOnlyList<GroupGrant> Parse(string? map, out IReadOnlyList<string> errors)
    {
        var grants = new List<GroupGrant>();
        var problems = new List<string>();
        foreach (var raw in (map ?? "").Split([';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = raw.LastIndexOf('=');
            var group = equals > 0 ? raw[..equals].Trim() : "";
            var target = equals > 0 ? raw[(equals + 1)..].Trim() : "";
            if (group.Length == 0 || target.Length == 0)
            {
                problems.Add($"'{raw}' is not group=team:Role or group=Admin.");
                continue;
            }

            if (target.Equals(PortalRoles.Admin, StringComparison.OrdinalIgnoreCase))
            {
                grants.Add(new GroupGrant(group, null, TeamRole.Operator, Admin: true));
                continue;
            }

            var colon = target.LastIndexOf(':');
            var team = (colon >= 0 ? target[..colon] : target).Trim();
            var roleText = colon >= 0 ? target[(colon + 1)..].Trim() : nameof(TeamRole.Viewer);
            if (team.Length == 0)
            {
                problems.Add($"'{raw}' names no team.");
            }
            else if (!Enum.TryParse<TeamRole>(roleText, ignoreCase: true, out var role) || !Enum.IsDefined(role) || int.TryParse(roleText, out _))
            {
                problems.Add($"'{raw}': role '{roleText}' is not Operator or Viewer.");
            }
            else
            {
                grants.Add(new GroupGrant(group, team, role, Admin: false));
            }
        }

        errors = problems;
        return problems.Count > 0 ? [] : grants;
    }

    public static MappedAccess Apply(IEnumerable<GroupGrant> grants, IEnumerable<string> groups)
    {
        var member = groups.ToHashSet(StringComparer.Ordinal);
        var teams = new Dictionary<string, TeamRole>(StringComparer.OrdinalIgnoreCase);
        var admin = false;
        foreach (var grant in grants.Where(g => member.Contains(g.Group)))
        {
            if (grant.Admin)
            {
                admin = true;
            }
            else if (!teams.TryGetValue(grant.Team!, out var held) || grant.Role > held)
            {
                teams[grant.Team!] = grant.Role;
            }
        }

        return new MappedAccess(teams, admin);
    }
}
