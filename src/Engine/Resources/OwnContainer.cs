using System.Text.RegularExpressions;

namespace Portal.Engine.Resources;

/// <summary>
/// The id of the container Portal itself runs in, or null when it runs on a host. Found once at start, so
/// <see cref="SelfProtection"/> knows its own container even when the <c>io.portal.self</c> label was not set
/// (an image built elsewhere, a plain <c>docker run</c>).
/// </summary>
public sealed partial class OwnContainer(string? id)
{
    /// <summary>Full 64-hex container id, or null.</summary>
    public string? Id { get; } = id;

    /// <summary>Reads this process's mount table, then its cgroups; null when neither names a container.</summary>
    public static OwnContainer Detect() =>
        new(FromMountInfo(ReadLines("/proc/self/mountinfo")) ?? FromCgroup(ReadLines("/proc/self/cgroup")));

    /// <summary>
    /// The engine bind-mounts <c>/etc/hostname</c>, <c>/etc/hosts</c> and <c>/etc/resolv.conf</c> from
    /// <c>…/containers/&lt;id&gt;/</c> into every container, whatever the cgroup version or namespace set-up.
    /// Only those mount points count: on a host the table also lists other containers' <c>…/containers/&lt;id&gt;/mounts/shm</c>.
    /// </summary>
    public static string? FromMountInfo(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        foreach (var line in lines)
        {
            // mountinfo: id parent major:minor root mount-point options ...
            var fields = line.Split(' ');
            if (fields.Length > 4 && fields[4] is "/etc/hostname" or "/etc/hosts" or "/etc/resolv.conf"
                && ContainerFolder().Match(fields[3]) is { Success: true } match)
            {
                return match.Groups[1].Value;
            }
        }

        return null;
    }

    /// <summary>cgroup v1 (and v2 with a private namespace off) names the container: <c>/docker/&lt;id&gt;</c> or <c>docker-&lt;id&gt;.scope</c>.</summary>
    public static string? FromCgroup(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        foreach (var line in lines)
        {
            if (CgroupContainer().Match(line) is { Success: true } match)
            {
                return match.Groups[1].Value;
            }
        }

        return null;
    }

    private static string[] ReadLines(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return []; // not Linux, or /proc hidden: fall back to the label alone
        }
    }

    [GeneratedRegex("/containers/([0-9a-f]{64})/[^/]+$")]
    private static partial Regex ContainerFolder();

    [GeneratedRegex("(?:/docker/|docker-)([0-9a-f]{64})(?:\\.scope)?$")]
    private static partial Regex CgroupContainer();
}
