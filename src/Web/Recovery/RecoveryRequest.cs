namespace Portal.Web.Recovery;

/// <summary>One line of the host administration protocol, sent by <c>scripts/portal-admin</c>.</summary>
/// <param name="Command"><c>reset-password</c>, <c>create-admin</c>, <c>revoke-tokens</c> or <c>help</c>.</param>
/// <param name="User">User name the command is about (optional for <c>revoke-tokens</c>: everyone).</param>
/// <param name="Password">New password; when empty a random one is generated and returned once.</param>
public sealed record RecoveryRequest(string? Command, string? User, string? Password);

/// <summary>The answer line: <paramref name="Ok"/>, a message for the person, and a generated password if any.</summary>
public sealed record RecoveryResponse(bool Ok, string Message, string? Password = null);
