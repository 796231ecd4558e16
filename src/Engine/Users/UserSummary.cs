using Portal.Engine.Teams;

namespace Portal.Engine.Users;

/// <summary>A user as the admin pages and <c>/api/v1/users</c> show it; locked out while too many failed sign-ins keep the account locked.</summary>
public sealed record UserSummary(string Id, string UserName, bool IsAdmin, bool Disabled, bool LockedOut, IReadOnlyList<MembershipSummary> Teams, DateTime CreatedAt);
