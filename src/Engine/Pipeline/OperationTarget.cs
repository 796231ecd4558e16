namespace Portal.Engine.Pipeline;

/// <summary>What access resolved an operation to act on: the name the audit shows and its owning team (null: no team, or an admin's unassigned object).</summary>
public sealed record OperationTarget(string Name, string? Team);
