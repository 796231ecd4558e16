namespace Portal.Engine.Users;

/// <summary>Body of <c>PUT /api/v1/users/{user}/teams/{team}</c>: the role and the two extra permissions.</summary>
public sealed record MembershipRequest(string? Role, bool MayExec = true, bool MaySeeEnvironment = false);
