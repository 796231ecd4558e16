namespace Portal.Engine.DiskUsage;

/// <summary>What a prune from the disk-usage page removes.</summary>
public enum PruneScope
{
    /// <summary>Stopped containers.</summary>
    Containers,

    /// <summary>Dangling images (admins).</summary>
    Images,

    /// <summary>Volumes no container uses.</summary>
    Volumes,

    /// <summary>Networks no container uses.</summary>
    Networks,

    /// <summary>The builder's cache (admins).</summary>
    BuildCache,
}
