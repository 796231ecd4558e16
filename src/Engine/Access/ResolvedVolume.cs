using Docker.DotNet.Models;

namespace Portal.Engine.Access;

/// <summary>A volume the actor was found allowed to use, with the engine's inspect data.</summary>
public sealed record ResolvedVolume(string Name, string? Team, VolumeResponse Inspect);
