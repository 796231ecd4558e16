namespace Portal.Data.Entities;

/// <summary>Audit log settings; a single row (<see cref="SingletonId"/>).</summary>
public sealed class AuditSettings
{
    /// <summary>The one row's key.</summary>
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    /// <summary>Entries older than this many days are deleted; 0 keeps everything.</summary>
    public int RetentionDays { get; set; }
}
