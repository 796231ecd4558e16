namespace Portal.Data.Entities;

/// <summary>
/// A team may use an environment, up to <see cref="Role"/>: a member's role there is the lower of
/// their team role and this. An environment a team holds no grant on does not exist for its members.
/// </summary>
public sealed class EnvironmentGrant
{
    public int TeamId { get; set; }

    public Team? Team { get; set; }

    public int EndpointId { get; set; }

    public EngineEndpoint? Endpoint { get; set; }

    /// <summary>The highest role the team's members hold on this environment.</summary>
    public TeamRole Role { get; set; }
}
