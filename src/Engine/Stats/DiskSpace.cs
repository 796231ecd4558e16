using System.Text;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace Portal.Engine.Stats;

/// <summary>Free and total bytes of the filesystem holding a path, from <c>statvfs(3)</c> on that exact path.</summary>
internal static class DiskSpace
{
    /// <summary>(total, free to unprivileged users) in bytes, or null when the path cannot be queried here.</summary>
    public static unsafe (ulong Total, ulong Free)? Query(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        statvfs result;
        fixed (byte* p = bytes)
        {
            if (statvfs(p, &result) != 0)
            {
                return null;
            }
        }

        // f_bavail (not f_bfree) is what df shows as available: the root reserve is not free to containers.
        ulong blockSize = result.f_frsize;
        return ((ulong)result.f_blocks * blockSize, (ulong)result.f_bavail * blockSize);
    }
}
