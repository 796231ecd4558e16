using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Portal.Engine.Docker;

/// <summary>
/// An engine reached as the docker CLI does for <c>ssh://</c>: each connection is an SSH exec channel running
/// <c>docker system dial-stdio</c>, over a few shared SSH sessions (at most <see cref="ChannelsPerSession"/> channels
/// each, another session when more streams are open; a dropped one is replaced). The private
/// key stays in memory; the host key must match the pinned fingerprint, and nothing connects without one.
/// </summary>
internal sealed class SshTransport : StreamTransport
{
    private const string DialCommand = "docker system dial-stdio";

    private readonly string _host;
    private readonly int _port;
    private readonly string _user;
    private readonly string? _privateKey;
    private readonly string? _pinned;
    /// <summary>sshd allows 10 sessions (channels) per connection by default (<c>MaxSessions</c>); a few stay spare.</summary>
    private const int ChannelsPerSession = 8;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<Session> _sessions = [];
    private volatile string? _offered;

    public SshTransport(EnvironmentDefinition definition)
    {
        var uri = new Uri(definition.Uri);
        _host = uri.DnsSafeHost;
        _port = uri.IsDefaultPort || uri.Port <= 0 ? 22 : uri.Port;
        // Only the user name: a password in the URI is never used nor shown.
        _user = Uri.UnescapeDataString(uri.UserInfo.Split(':')[0]);
        _privateKey = definition.SshPrivateKey;
        _pinned = SshFingerprint.Normalize(definition.SshHostKeyFingerprint);
        Endpoint = string.Create(CultureInfo.InvariantCulture, $"ssh://{(_user.Length > 0 ? _user + "@" : "")}{uri.Host}{(_port == 22 ? "" : ":" + _port)}");
    }

    public override string Endpoint { get; }

    /// <summary>The host key fingerprint the host offered in the last key exchange, trusted or not.</summary>
    public string? OfferedFingerprint => _offered;

    public override async Task<Stream> OpenAsync(CancellationToken cancellationToken)
    {
        var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        SshCommand? command = null;
        try
        {
            command = session.Client.CreateCommand(DialCommand);
            var run = command.ExecuteAsync(CancellationToken.None);
            return new SshDialStream(command, run, command.CreateInputStream(), _host, session.Release);
        }
        catch
        {
            command?.Dispose();
            session.Release();
            throw;
        }
    }

    /// <summary>
    /// Reads the host key without trusting it: the key exchange is cut before authentication, so nothing
    /// runs on the host. Returns the offered fingerprint.
    /// </summary>
    public async Task<string> ReadHostKeyAsync(CancellationToken cancellationToken)
    {
        using var client = NewClient(trust: null);
        try
        {
            await ConnectAsync(client, cancellationToken).ConfigureAwait(false);
        }
        catch (EngineTransportException) when (_offered is not null)
        {
            // Refused as intended once the key was seen.
        }

        return _offered ?? throw new EngineTransportException(TransportReasons.Unreachable(Endpoint));
    }

    public override void Dispose()
    {
        lock (_sessions)
        {
            foreach (var session in _sessions)
            {
                session.Client.Dispose();
            }

            _sessions.Clear();
        }

        _gate.Dispose();
    }

    /// <summary>A connected session with room for one more channel (counted until the caller releases it).</summary>
    private async Task<Session> SessionAsync(CancellationToken cancellationToken)
    {
        if (_pinned is null)
        {
            throw new EngineTransportException(TransportReasons.HostKeyNotConfirmed(_host, null));
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Session? free;
            lock (_sessions)
            {
                // Dropped sessions go once their channels are closed; of the idle live ones one is kept.
                var idle = 0;
                _sessions.RemoveAll(s =>
                {
                    var gone = s.Channels == 0 && (!s.Client.IsConnected || idle++ > 0);
                    if (gone)
                    {
                        s.Client.Dispose();
                    }

                    return gone;
                });
                free = _sessions.Find(s => s.Client.IsConnected && s.Channels < ChannelsPerSession);
            }

            if (free is null)
            {
                var client = NewClient(_pinned);
                try
                {
                    await ConnectAsync(client, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    client.Dispose();
                    throw;
                }

                free = new Session(client);
                lock (_sessions)
                {
                    _sessions.Add(free);
                }
            }

            free.Take();
            return free;
        }
        finally
        {
            _gate.Release();
        }
    }

    private SshClient NewClient(string? trust)
    {
        PrivateKeyFile key;
        try
        {
            using var text = new MemoryStream(Encoding.UTF8.GetBytes(_privateKey ?? string.Empty));
            key = new PrivateKeyFile(text);
        }
        catch (Exception ex) when (ex is SshException or ArgumentException or InvalidOperationException or FormatException)
        {
            throw new EngineTransportException(TransportReasons.SshKeyInvalid(), ex);
        }

        var info = new PrivateKeyConnectionInfo(_host, _port, _user, key) { Timeout = TransportReasons.HandshakeTimeout };
        var client = new SshClient(info) { KeepAliveInterval = TimeSpan.FromSeconds(15) };
        client.HostKeyReceived += (_, e) =>
        {
            var offered = SshFingerprint.Of(e.HostKey);
            _offered = offered;
            e.CanTrust = trust is not null && SshFingerprint.Matches(trust, offered);
        };
        return client;
    }

    private async Task ConnectAsync(SshClient client, CancellationToken cancellationToken)
    {
        _offered = null;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TransportReasons.ConnectTimeout + TransportReasons.HandshakeTimeout);
        try
        {
            await client.ConnectAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (SshAuthenticationException ex)
        {
            throw new EngineTransportException(TransportReasons.SshAuthenticationRefused(_user, _host), ex);
        }
        catch (SshConnectionException ex) when (_offered is { } offered && !SshFingerprint.Matches(_pinned, offered))
        {
            throw new EngineTransportException(
                _pinned is null ? TransportReasons.HostKeyNotConfirmed(_host, offered) : TransportReasons.HostKeyChanged(_host, _pinned, offered), ex);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
        {
            throw new EngineTransportException(TransportReasons.Refused(Endpoint), ex);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SshOperationTimeoutException && !cancellationToken.IsCancellationRequested)
        {
            throw new EngineTransportException(TransportReasons.Unreachable(Endpoint), ex);
        }
    }

    /// <summary>One SSH connection and how many dial-stdio channels it carries now.</summary>
    private sealed class Session(SshClient client)
    {
        private int _channels;

        public SshClient Client { get; } = client;

        public int Channels => Volatile.Read(ref _channels);

        public void Take() => Interlocked.Increment(ref _channels);

        public void Release() => Interlocked.Decrement(ref _channels);
    }
}
