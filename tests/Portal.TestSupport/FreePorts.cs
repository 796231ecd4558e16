using System.Net;
using System.Net.Sockets;

namespace Portal.TestSupport;

/// <summary>Hands out loopback TCP ports that were free a moment ago, never the same one twice per process.</summary>
/// <remarks>
/// The ports come from below the kernel's ephemeral range: a port from that range (what binding
/// port 0 gives) can be taken between this call and its use by any outgoing connection's local
/// end, and a published container port then fails with "address already in use". Below it, only
/// another listener could take it.
/// </remarks>
public static class FreePorts
{
    private const int Lowest = 20_000;

    private static readonly HashSet<int> s_handedOut = [];
    private static readonly Lock s_gate = new();

    public static int Next()
    {
        var end = EphemeralStart();
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(Lowest, end);
            lock (s_gate)
            {
                if (s_handedOut.Contains(port) || !IsFree(port))
                {
                    continue;
                }

                s_handedOut.Add(port);
                return port;
            }
        }

        throw new InvalidOperationException($"No free loopback port found between {Lowest} and {end} after 200 attempts.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The first port of the kernel's ephemeral range (<c>net.ipv4.ip_local_port_range</c>), 32768 when unreadable.</summary>
    private static int EphemeralStart()
    {
        try
        {
            var first = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0];
            return int.TryParse(first, out var start) && start > Lowest + 1_000 ? start : 32_768;
        }
        catch (IOException)
        {
            return 32_768;
        }
    }
}
