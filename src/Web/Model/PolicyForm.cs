using Portal.Engine.Admission;

namespace Portal.Web.Model;

/// <summary>The policy settings page's editable copy: lists as one entry per line, memory in MiB.</summary>
public sealed class PolicyForm
{
    public bool AllowPrivileged { get; set; }

    /// <summary>One prefix per line; append <c> rw</c> for read-write.</summary>
    public string BindPrefixes { get; set; } = "";

    public HashSet<string> AllowedHostNamespaces { get; set; } = [];

    public bool AllowSameTeamSharing { get; set; }

    public string AllowedCapabilities { get; set; } = "";

    public bool AllowDevices { get; set; }

    public bool AllowUnconfinedSecurity { get; set; }

    public string AllowedSysctls { get; set; } = "";

    public bool AllowPrivilegedExec { get; set; }

    public bool AllowRootExec { get; set; } = true;

    public string AllowedImages { get; set; } = "";

    public bool RequireMemoryLimit { get; set; }

    public int? DefaultMemoryMiB { get; set; }

    public static PolicyForm From(PolicySettings s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new()
        {
            AllowPrivileged = s.AllowPrivileged,
            BindPrefixes = string.Join('\n', s.BindPrefixes.Select(p => p.ReadWrite ? p.Path + " rw" : p.Path)),
            AllowedHostNamespaces = [.. s.AllowedHostNamespaces],
            AllowSameTeamSharing = s.AllowSameTeamSharing,
            AllowedCapabilities = string.Join('\n', s.AllowedCapabilities),
            AllowDevices = s.AllowDevices,
            AllowUnconfinedSecurity = s.AllowUnconfinedSecurity,
            AllowedSysctls = string.Join('\n', s.AllowedSysctls),
            AllowPrivilegedExec = s.AllowPrivilegedExec,
            AllowRootExec = s.AllowRootExec,
            AllowedImages = string.Join('\n', s.AllowedImages),
            RequireMemoryLimit = s.RequireMemoryLimit,
            DefaultMemoryMiB = s.DefaultMemoryBytes is { } m ? (int)(m / (1024 * 1024)) : null,
        };
    }

    public PolicySettings ToSettings() => new()
    {
        AllowPrivileged = AllowPrivileged,
        BindPrefixes = Lines(BindPrefixes).Select(ParsePrefix).ToList(),
        AllowedHostNamespaces = [.. AllowedHostNamespaces.Order(StringComparer.Ordinal)],
        AllowSameTeamSharing = AllowSameTeamSharing,
        AllowedCapabilities = Lines(AllowedCapabilities),
        AllowDevices = AllowDevices,
        AllowUnconfinedSecurity = AllowUnconfinedSecurity,
        AllowedSysctls = Lines(AllowedSysctls),
        AllowPrivilegedExec = AllowPrivilegedExec,
        AllowRootExec = AllowRootExec,
        AllowedImages = Lines(AllowedImages),
        RequireMemoryLimit = RequireMemoryLimit,
        DefaultMemoryBytes = DefaultMemoryMiB is > 0 and var mib ? mib * 1024L * 1024 : null,
    };

    private static BindPrefix ParsePrefix(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var readWrite = parts.Length > 1 && parts[^1].Equals("rw", StringComparison.OrdinalIgnoreCase);
        return new BindPrefix(readWrite ? string.Join(' ', parts[..^1]) : line.Trim(), readWrite);
    }

    private static List<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
