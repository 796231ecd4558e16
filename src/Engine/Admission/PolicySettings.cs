using Portal.Engine.Pipeline;

namespace Portal.Engine.Admission;

/// <summary>A host path prefix non-admins may bind, read-only unless <see cref="ReadWrite"/>.</summary>
public sealed record BindPrefix(string Path, bool ReadWrite = false);

/// <summary>
/// The admin's admission settings for one environment. Every member's default refuses what
/// DESIGN.md lists; each one names what it would allow, and refusals quote that name.
/// </summary>
/// <remarks>Stored as JSON (camelCase); unknown or missing members take these defaults.</remarks>
public sealed record PolicySettings
{
    /// <summary>The Kubernetes "safe" sysctls: namespaced and unable to affect other containers.</summary>
    public static IReadOnlyList<string> SafeSysctls { get; } =
        ["kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range"];

    /// <summary>The namespaces a container may share with the host when listed in <see cref="AllowedHostNamespaces"/>.</summary>
    public static IReadOnlyList<string> HostNamespaces { get; } = ["network", "pid", "ipc", "uts", "userns", "cgroupns"];

    public static PolicySettings Default { get; } = new();

    /// <summary>Non-admins may run privileged containers.</summary>
    public bool AllowPrivileged { get; init; }

    /// <summary>Host paths non-admins may bind (the Docker socket and its directories never).</summary>
    public IReadOnlyList<BindPrefix> BindPrefixes { get; init; } = [];

    /// <summary>Host namespaces non-admins may join: network, pid, ipc, uts, userns, cgroupns.</summary>
    public IReadOnlyList<string> AllowedHostNamespaces { get; init; } = [];

    /// <summary>Non-admins may join another container's network/PID/IPC namespace or take its volumes when both belong to the same team.</summary>
    public bool AllowSameTeamSharing { get; init; }

    /// <summary>Capabilities non-admins may add, without <c>CAP_</c>; <c>ALL</c> allows everything.</summary>
    public IReadOnlyList<string> AllowedCapabilities { get; init; } = [];

    /// <summary>Non-admins may map host devices.</summary>
    public bool AllowDevices { get; init; }

    /// <summary>Non-admins may turn off seccomp, AppArmor or SELinux confinement.</summary>
    public bool AllowUnconfinedSecurity { get; init; }

    /// <summary>Sysctls non-admins may set; an entry ending in <c>*</c> is a prefix.</summary>
    public IReadOnlyList<string> AllowedSysctls { get; init; } = SafeSysctls;

    /// <summary>Non-admins may exec with <c>--privileged</c>.</summary>
    public bool AllowPrivilegedExec { get; init; }

    /// <summary>Non-admins may exec as root (user 0).</summary>
    public bool AllowRootExec { get; init; } = true;

    /// <summary>Image references non-admins may run and pull (prefixes such as <c>127.0.0.1:5000/</c> or repositories); empty allows any.</summary>
    public IReadOnlyList<string> AllowedImages { get; init; } = [];

    /// <summary>Non-admins' containers must have a memory limit (after <see cref="DefaultMemoryBytes"/> is applied).</summary>
    public bool RequireMemoryLimit { get; init; }

    /// <summary>Memory limit given to containers that set none; null leaves them unlimited.</summary>
    public long? DefaultMemoryBytes { get; init; }

    /// <summary>Checks and canonicalises the settings (capabilities upper case without CAP_, paths absolute and clean).</summary>
    public PolicySettings Normalize()
    {
        var prefixes = new List<BindPrefix>();
        foreach (var prefix in BindPrefixes ?? [])
        {
            if (string.IsNullOrWhiteSpace(prefix?.Path) || !prefix.Path.Trim().StartsWith('/'))
            {
                throw OperationFailedException.Invalid($"Bind prefix '{prefix?.Path}' must be an absolute host path.");
            }

            prefixes.Add(prefix with { Path = HostPaths.Normalize(prefix.Path.Trim()) });
        }

        var namespaces = (AllowedHostNamespaces ?? []).Select(n => n.Trim().ToLowerInvariant()).Where(n => n.Length > 0).Distinct().ToList();
        if (namespaces.FirstOrDefault(n => !HostNamespaces.Contains(n)) is { } unknown)
        {
            throw OperationFailedException.Invalid($"Host namespace '{unknown}' is not one of {string.Join(", ", HostNamespaces)}.");
        }

        if (DefaultMemoryBytes is < 6 * 1024 * 1024)
        {
            throw OperationFailedException.Invalid("The default memory limit must be at least 6 MiB (the kernel refuses less).");
        }

        return this with
        {
            BindPrefixes = prefixes,
            AllowedHostNamespaces = namespaces,
            AllowedCapabilities = (AllowedCapabilities ?? []).Select(Capabilities.Normalize).Where(c => c.Length > 0).Distinct().ToList(),
            AllowedSysctls = (AllowedSysctls ?? []).Select(Sysctls.Normalize).Where(s => s.Length > 0).Distinct().ToList(),
            AllowedImages = (AllowedImages ?? []).Select(i => i.Trim()).Where(i => i.Length > 0).Distinct().ToList(),
        };
    }
}
