using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Portal.Web.Configuration;

namespace Portal.Web.Recovery;

/// <summary>
/// The host administration socket: a Unix domain socket (mode 0600) in the data folder that
/// answers one JSON request per line. The kernel names each caller (<c>SO_PEERCRED</c>); only
/// root and the user Portal runs as are served, every other caller is refused and audited.
/// </summary>
/// <remarks>
/// The mode is set between bind and listen, so no one can connect while the file still has the
/// umask's mode. Connections are few and short: at most <see cref="MaxConnections"/> at once,
/// each line at most <see cref="MaxLineBytes"/>, each connection at most <see cref="IdleTimeout"/> idle.
/// </remarks>
public sealed partial class AdminSocketService(WebOptions options, IServiceScopeFactory scopes,
    ILogger<AdminSocketService> logger) : BackgroundService
{
    public const int MaxConnections = 4;

    public const int MaxLineBytes = 16 * 1024;

    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(60);

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    private readonly SemaphoreSlim _slots = new(MaxConnections);

    /// <summary>Completes once the socket listens (or faults if it cannot); tests wait on it.</summary>
    public Task Listening => _listening.Task;

    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var path = options.AdminSocket;
        if (string.IsNullOrEmpty(path) || !OperatingSystem.IsLinux())
        {
            _listening.TrySetException(new InvalidOperationException("The host administration socket is disabled."));
            return;
        }

        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            RemoveStale(path);
            listener.Bind(new UnixDomainSocketEndPoint(path));
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            listener.Listen(MaxConnections);
        }
        catch (Exception ex) when (ex is SocketException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            LogCannotListen(logger, ex, path);
            _listening.TrySetException(ex);
            return;
        }

        LogListening(logger, path);
        _listening.TrySetResult();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var client = await listener.AcceptAsync(stoppingToken);
                await _slots.WaitAsync(stoppingToken);
                _ = ServeAsync(client, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            File.Delete(path);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken stoppingToken)
    {
        try
        {
            using (client)
            await using (var stream = new NetworkStream(client, ownsSocket: false))
            {
                var peer = PeerCredentials.Of(client);
                if (peer.UserId != 0 && peer.UserId != PeerCredentials.CurrentUserId)
                {
                    // The request is read (and ignored) first: closing on an unread request resets the
                    // connection, and a caller still sending it would see "Broken pipe" instead of this answer.
                    _ = await ReadLineAsync(stream, stoppingToken);
                    await RecordRefusalAsync(peer, stoppingToken);
                    await WriteAsync(stream, new RecoveryResponse(false,
                        $"Refused: uid {peer.UserId} is neither root nor the user Portal runs as (uid {PeerCredentials.CurrentUserId})."), stoppingToken);
                    return;
                }

                while (await ReadLineAsync(stream, stoppingToken) is { } line)
                {
                    await WriteAsync(stream, await HandleAsync(peer, line, stoppingToken), stoppingToken);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
            // The caller went away, timed out, or Portal is stopping: nothing to answer.
        }
        catch (Exception ex)
        {
            LogConnectionFailed(logger, ex);
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task<RecoveryResponse> HandleAsync(PeerCredentials peer, string line, CancellationToken cancellationToken)
    {
        RecoveryRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<RecoveryRequest>(line, s_json);
        }
        catch (JsonException)
        {
            request = null;
        }

        if (request is null)
        {
            return new RecoveryResponse(false, "Send one JSON object per line, such as {\"command\":\"help\"}.");
        }

        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RecoveryCommands>().RunAsync(peer.UserId, request, cancellationToken);
    }

    private async Task RecordRefusalAsync(PeerCredentials peer, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RecoveryCommands>().RefuseAsync(peer, cancellationToken);
    }

    /// <summary>Reads one line (without the newline); null at the end of the stream; the line length is bounded.</summary>
    private static async Task<string?> ReadLineAsync(Stream stream, CancellationToken stoppingToken)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        idle.CancelAfter(IdleTimeout);
        var buffer = new MemoryStream();
        var one = new byte[1];
        while (true)
        {
            var read = await stream.ReadAsync(one, idle.Token);
            if (read == 0)
            {
                return buffer.Length == 0 ? null : Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            }

            if (one[0] == (byte)'\n')
            {
                return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            }

            if (buffer.Length >= MaxLineBytes)
            {
                throw new IOException("Request line too long.");
            }

            buffer.WriteByte(one[0]);
        }
    }

    private static async Task WriteAsync(Stream stream, RecoveryResponse response, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(response, s_json);
        await stream.WriteAsync(bytes, cancellationToken);
        await stream.WriteAsync("\n"u8.ToArray(), cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// A socket file left by a previous run would make bind fail: it is removed when nothing
    /// answers on it; when something does, another Portal owns it and this one does not listen.
    /// </summary>
    private static void RemoveStale(string path)
    {
        if (!File.Exists(path))
        {
            return;
        }

        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException)
        {
            File.Delete(path);
            return;
        }

        throw new IOException($"Another process is serving {path}.");
    }

    public override void Dispose()
    {
        _slots.Dispose();
        base.Dispose();
    }

    [LoggerMessage(1, LogLevel.Information, "Host administration socket listening at {Path}")]
    private static partial void LogListening(ILogger logger, string path);

    [LoggerMessage(2, LogLevel.Error, "Cannot open the host administration socket at {Path}")]
    private static partial void LogCannotListen(ILogger logger, Exception exception, string path);

    [LoggerMessage(3, LogLevel.Warning, "A host administration connection failed")]
    private static partial void LogConnectionFailed(ILogger logger, Exception exception);
}
