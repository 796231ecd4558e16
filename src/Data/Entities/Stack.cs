namespace Portal.Data.Entities;

/// <summary>A compose project Portal manages for a team on one engine: its name and its file revisions.</summary>
public sealed class Stack
{
    public int Id { get; set; }

    public int EndpointId { get; set; }

    /// <summary>The compose project name (<c>com.docker.compose.project</c>), unique per engine.</summary>
    public required string Name { get; set; }

    /// <summary>Owning team; null for an admin's stack that belongs to no team.</summary>
    public string? Team { get; set; }

    /// <summary>True when the project was made outside Portal (the CLI) and an admin adopted it: it has no files.</summary>
    public bool Adopted { get; set; }

    public required string CreatedBy { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public List<StackRevision> Revisions { get; set; } = [];
}
