using Docker.DotNet.Models;

namespace Portal.Engine.Access;

/// <summary>A network the actor was found allowed to use, with the engine's inspect data.</summary>
public sealed record ResolvedNetwork(string Id, string Name, string? Team, bool Shared, bool BuiltIn, NetworkResponse Inspect);
