namespace Portal.Data.Entities;

/// <summary>One audited action: who did what to which object, and how it ended.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTime Time { get; set; }

    /// <summary>User name of the actor.</summary>
    public required string Actor { get; set; }

    /// <summary>Dotted action name, for example <c>container.start</c>.</summary>
    public required string Action { get; set; }

    /// <summary>The object acted on (name or id), empty for actions without one.</summary>
    public string Target { get; set; } = "";

    /// <summary>Outcome: succeeded, not-found, forbidden, invalid, conflict, engine-error.</summary>
    public required string Outcome { get; set; }

    /// <summary>Message shown to the actor, or the refusing rule.</summary>
    public string? Detail { get; set; }

    /// <summary>Team the object belongs to, when known.</summary>
    public string? Team { get; set; }

    public int? EndpointId { get; set; }
}
