namespace Portal.Engine.Users;

/// <summary>What a recovery command did, for the person at the host; <paramref name="Password"/> is a generated password, shown once.</summary>
public sealed record RecoveryResult(string Message, string? Password = null);
