namespace Portal.Data.Entities;

/// <summary>Limits on what one team may hold on the engine; a null limit means unlimited.</summary>
public sealed class TeamQuota
{
    public int TeamId { get; set; }

    public Team? Team { get; set; }

    /// <summary>Containers in any state (created, running, stopped).</summary>
    public int? MaxContainers { get; set; }

    /// <summary>Sum of the memory limits of the team's running containers, in bytes.</summary>
    public long? MaxMemoryBytes { get; set; }

    /// <summary>Sum of the CPU limits of the team's running containers, in billionths of a CPU.</summary>
    public long? MaxNanoCpus { get; set; }

    public int? MaxVolumes { get; set; }
}
