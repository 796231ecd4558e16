using System.Net.Sockets;
using Tmds.Linux;

namespace Portal.Web.Recovery;

/// <summary>Who is on the other end of a Unix domain socket, as the kernel tells it (<c>SO_PEERCRED</c>).</summary>
public readonly record struct PeerCredentials(int ProcessId, uint UserId, uint GroupId)
{
    /// <summary>Reads the peer's credentials of a connected Unix socket.</summary>
    /// <exception cref="IOException">The kernel refused (not a Unix socket, or closed).</exception>
    public static unsafe PeerCredentials Of(Socket socket)
    {
        ucred credentials = default;
        socklen_t length = sizeof(ucred);
        var fd = (int)socket.SafeHandle.DangerousGetHandle();
        if (LibC.getsockopt(fd, LibC.SOL_SOCKET, LibC.SO_PEERCRED, &credentials, &length) != 0)
        {
            throw new IOException($"getsockopt(SO_PEERCRED) failed with errno {LibC.errno}.");
        }

        return new PeerCredentials(credentials.pid, credentials.uid, credentials.gid);
    }

    /// <summary>The effective user id Portal runs as.</summary>
    public static uint CurrentUserId => LibC.geteuid();
}
