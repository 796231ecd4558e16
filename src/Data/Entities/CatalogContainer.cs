namespace Portal.Data.Entities;

/// <summary>
/// The catalog's record of one container, mirrored from the engine's list and events.
/// The record outlives the container: <see cref="RemovedAt"/> marks it as history.
/// </summary>
public sealed class CatalogContainer
{
    public long RowId { get; set; }

    public int EndpointId { get; set; }

    /// <summary>The engine's full 64-hex container id.</summary>
    public required string ContainerId { get; set; }

    /// <summary>Name without the leading slash.</summary>
    public required string Name { get; set; }

    public string Image { get; set; } = "";

    public string ImageId { get; set; } = "";

    public string Command { get; set; } = "";

    /// <summary>Engine state word: created, running, paused, restarting, exited, dead, removing.</summary>
    public string State { get; set; } = "";

    /// <summary>The engine's status text with its duration replaced by <c>{duration}</c>, for example "Up {duration}".</summary>
    public string Status { get; set; } = "";

    /// <summary>The moment <see cref="Status"/>'s duration counts from; null when the text has none.</summary>
    public DateTime? StatusSince { get; set; }

    /// <summary>Published ports rendered like <c>127.0.0.1:8080->80/tcp</c>, comma separated.</summary>
    public string Ports { get; set; } = "";

    /// <summary>Networks it is attached to, one per line: the network id, or the name while the engine has not assigned one (never started).</summary>
    public string Networks { get; set; } = "";

    /// <summary>Names of the named volumes it mounts, one per line.</summary>
    public string Volumes { get; set; } = "";

    /// <summary>Labels as a JSON object.</summary>
    public string LabelsJson { get; set; } = "{}";

    /// <summary>Owning team: the <c>io.portal.team</c> label, else <see cref="AssignedTeam"/>.</summary>
    public string? Team { get; set; }

    /// <summary>Team an admin assigned to a container created outside Portal; survives resyncs.</summary>
    public string? AssignedTeam { get; set; }

    /// <summary>The <c>io.portal.owner</c> label: who created it through Portal.</summary>
    public string? Owner { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>When the engine reported it gone; null while it exists.</summary>
    public DateTime? RemovedAt { get; set; }

    /// <summary>Who removed it through Portal; null when removed outside Portal.</summary>
    public string? RemovedBy { get; set; }
}
