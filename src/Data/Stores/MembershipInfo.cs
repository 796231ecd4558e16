using Portal.Data.Entities;

namespace Portal.Data.Stores;

/// <summary>A user's role in one team and the two permissions that go beyond the role.</summary>
public sealed record MembershipInfo(string Team, TeamRole Role, bool MayExec = true, bool MaySeeEnvironment = false);
