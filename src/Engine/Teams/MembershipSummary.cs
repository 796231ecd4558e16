using Portal.Data.Entities;
using Portal.Data.Stores;

namespace Portal.Engine.Teams;

/// <summary>A user's place in one team: the role and the two extra permissions.</summary>
public sealed record MembershipSummary(string Team, TeamRole Role, bool MayExec = true, bool MaySeeEnvironment = false)
{
    internal static MembershipSummary From(MembershipInfo membership) =>
        new(membership.Team, membership.Role, membership.MayExec, membership.MaySeeEnvironment);
}
