namespace Portal.Engine.Exec;

/// <summary>What the end-of-session audit entry records.</summary>
public sealed record ExecSessionRecord(DateTimeOffset Started, DateTimeOffset Ended, ExecSessionEnd End);
