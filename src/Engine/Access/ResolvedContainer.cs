namespace Portal.Engine.Access;

/// <summary>A container the actor was found allowed to act on.</summary>
public sealed record ResolvedContainer(string Id, string Name, string? Team, IReadOnlyDictionary<string, string> Labels);
