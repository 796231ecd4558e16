using System.Net;
using System.Net.Sockets;

namespace Portal.TestSupport;

/// <summary>Hands out loopback TCP ports that were free a moment ago, never the same one twice per process.</summary>
public static class FreePorts
{
    private static readonly HashSet<int> s_handedOut = [];
    private static readonly Lock s_gate = new();

    /// <summary>Asks the kernel for an ephemeral port on 127.0.0.1 and releases it for the caller to use.</summary>
    /// <remarks>
    /// Another process may take the port between this call and its use; the window is short and
    /// the kernel hands out ephemeral ports round-robin, so a collision is rare.
    /// </remarks>
    public static int Next()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            lock (s_gate)
            {
                if (s_handedOut.Add(port))
                {
                    return port;
                }
            }
        }

        throw new InvalidOperationException("No free loopback port found after 100 attempts.");
    }
}
