namespace Portal.Data.Entities;

/// <summary>A user's membership of a team and the role they hold there.</summary>
public sealed class TeamMembership
{
    public int TeamId { get; set; }

    public Team? Team { get; set; }

    public required string UserId { get; set; }

    public PortalUser? User { get; set; }

    public TeamRole Role { get; set; }
}
