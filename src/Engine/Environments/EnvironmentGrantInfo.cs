using Portal.Data.Entities;

namespace Portal.Engine.Environments;

/// <summary>A team's grant on an environment: its members' highest role there.</summary>
public sealed record EnvironmentGrantInfo(string Team, TeamRole Role);
