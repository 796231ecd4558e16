namespace Portal.Engine.Compose.Execution;

/// <summary>One progress report of a stack action: which object, which state it reached, a line for a person.</summary>
/// <param name="Time">When it happened (UTC).</param>
/// <param name="Resource">The plan's resource id, e.g. <c>service:web:1</c>, <c>network:default</c>, or <c>project</c>.</param>
/// <param name="Service">The service, for container events.</param>
/// <param name="Status">Short state word: waiting, creating, created, starting, started, healthy, stopping, removed, kept, failed, …</param>
/// <param name="Message">What happened, for a person.</param>
public sealed record ComposeEvent(DateTime Time, string Resource, string? Service, string Status, string Message);
