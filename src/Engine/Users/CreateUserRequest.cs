namespace Portal.Engine.Users;

/// <summary>Body of <c>POST /api/v1/users</c>: <paramref name="Role"/> is Admin, Operator or Viewer and applies to every listed team.</summary>
public sealed record CreateUserRequest(string Username, string Password, string? Role, IReadOnlyList<string>? Teams);
