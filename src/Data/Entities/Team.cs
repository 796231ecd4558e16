namespace Portal.Data.Entities;

/// <summary>A group of people who share ownership of engine objects.</summary>
public sealed class Team
{
    public int Id { get; set; }

    /// <summary>Unique slug; stamped on objects as the <c>io.portal.team</c> label.</summary>
    public required string Name { get; set; }

    public string? Description { get; set; }

    public DateTime CreatedAt { get; set; }

    public List<TeamMembership> Members { get; set; } = [];
}
