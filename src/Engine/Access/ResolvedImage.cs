namespace Portal.Engine.Access;

/// <summary>An image the access step found and the actor may see.</summary>
public sealed record ResolvedImage(string Id, IReadOnlyList<string> Tags, string? Team, IReadOnlyDictionary<string, string> Labels);
