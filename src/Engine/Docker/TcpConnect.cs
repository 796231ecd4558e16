using System.Net.Sockets;

namespace Portal.Engine.Docker;

/// <summary>TCP connects that give up after <see cref="TransportReasons.ConnectTimeout"/> with a reason, not after the OS's minutes.</summary>
internal static class TcpConnect
{
    public static async Task<Socket> ConnectAsync(string host, int port, string endpoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        // An engine whose host vanished (no FIN, no RST) is noticed within about 25 s even while the events stream is quiet.
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 10);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 5);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 3);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TransportReasons.ConnectTimeout);
        try
        {
            await socket.ConnectAsync(host, port, deadline.Token).ConfigureAwait(false);
            return socket;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new EngineTransportException(TransportReasons.Unreachable(endpoint));
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
        {
            socket.Dispose();
            throw new EngineTransportException(TransportReasons.Refused(endpoint), ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
