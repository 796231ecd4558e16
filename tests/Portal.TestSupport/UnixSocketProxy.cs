using System.Net.Sockets;

namespace Portal.TestSupport;

/// <summary>
/// A Unix-socket relay in front of the Docker socket that a test can cut and restore, so
/// "the engine went away and came back" is tested without touching the shared daemon.
/// </summary>
public sealed class UnixSocketProxy : IAsyncDisposable
{
    private readonly string _target;
    private readonly Lock _gate = new();
    private readonly List<Socket> _open = [];
    private Socket? _listener;
    private CancellationTokenSource? _acceptCts;
    private Task _acceptLoop = Task.CompletedTask;

    public UnixSocketProxy(string target = "/var/run/docker.sock")
    {
        _target = target;
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"portal-proxy-{Guid.NewGuid():N}.sock");
    }

    /// <summary>Filesystem path of the relay's socket.</summary>
    public string Path { get; }

    /// <summary>The relay as a Docker endpoint URI.</summary>
    public Uri Endpoint => new("unix://" + Path);

    /// <summary>Starts (or restarts) accepting connections.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_listener is not null)
            {
                return;
            }

            File.Delete(Path);
            _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            _listener.Bind(new UnixDomainSocketEndPoint(Path));
            _listener.Listen(64);
            _acceptCts = new CancellationTokenSource();
            var listener = _listener;
            var token = _acceptCts.Token;
            _acceptLoop = Task.Run(() => AcceptLoopAsync(listener, token), CancellationToken.None);
        }
    }

    /// <summary>Stops listening and cuts every relayed connection, as a dying daemon would.</summary>
    public async Task StopAsync()
    {
        Socket? listener;
        CancellationTokenSource? cts;
        List<Socket> open;
        lock (_gate)
        {
            listener = _listener;
            cts = _acceptCts;
            _listener = null;
            _acceptCts = null;
            open = [.. _open];
            _open.Clear();
        }

        if (cts is not null)
        {
            await cts.CancelAsync();
        }

        listener?.Dispose();
        foreach (var socket in open)
        {
            socket.Dispose();
        }

        try
        {
            await _acceptLoop;
        }
        catch (OperationCanceledException)
        {
            // Expected: the loop ends by cancellation.
        }

        cts?.Dispose();
        File.Delete(Path);
    }

    private async Task AcceptLoopAsync(Socket listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var upstream = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await upstream.ConnectAsync(new UnixDomainSocketEndPoint(_target), cancellationToken);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                client.Dispose();
                upstream.Dispose();
                continue;
            }

            lock (_gate)
            {
                _open.Add(client);
                _open.Add(upstream);
            }

            _ = RelayAsync(client, upstream);
        }
    }

    private static async Task RelayAsync(Socket a, Socket b)
    {
        using var stop = new CancellationTokenSource();
        var one = PumpAsync(a, b, stop.Token);
        var two = PumpAsync(b, a, stop.Token);
        await Task.WhenAny(one, two);
        await stop.CancelAsync();
        a.Dispose();
        b.Dispose();
    }

    private static async Task PumpAsync(Socket from, Socket to, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // One side closed or the relay was cut: the other pump ends too.
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
