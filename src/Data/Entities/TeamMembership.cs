namespace Portal.Data.Entities;

/// <summary>A user's membership of a team and the role they hold there.</summary>
public sealed class TeamMembership
{
    public int TeamId { get; set; }

    public Team? Team { get; set; }

    public required string UserId { get; set; }

    public PortalUser? User { get; set; }

    public TeamRole Role { get; set; }

    /// <summary>May open a shell or run commands in the team's containers (operators only).</summary>
    public bool MayExec { get; set; } = true;

    /// <summary>May read the values of environment variables whose names look secret.</summary>
    public bool MaySeeEnvironment { get; set; }
}
