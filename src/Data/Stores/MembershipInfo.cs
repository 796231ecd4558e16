using Portal.Data.Entities;

namespace Portal.Data.Stores;

/// <summary>A user's role in one team.</summary>
public sealed record MembershipInfo(string Team, TeamRole Role);
