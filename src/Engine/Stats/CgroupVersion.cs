namespace Portal.Engine.Stats;

/// <summary>Which cgroup hierarchy the host mounts.</summary>
public enum CgroupVersion
{
    /// <summary>No readable cgroup tree (not Linux, or Portal runs in a container without the host's tree).</summary>
    None,

    /// <summary>Legacy per-controller hierarchies (<c>/sys/fs/cgroup/memory</c>, …).</summary>
    V1,

    /// <summary>The unified hierarchy (<c>/sys/fs/cgroup/cgroup.controllers</c> exists).</summary>
    V2,
}
