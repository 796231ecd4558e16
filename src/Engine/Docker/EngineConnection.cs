using System.Globalization;
using System.Net.Sockets;
using Docker.DotNet;
using Microsoft.Extensions.Logging;
using Portal.Engine.Logging;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Docker;

/// <summary>
/// Owns the Docker client of one environment's endpoint: negotiates the API version, tracks
/// whether the engine answers, and tells subscribers when that changes. Made and held by
/// <see cref="Engines"/>; everything else finds the client there, for the environment it works on.
/// How the engine is reached (unix socket, TCP with mutual TLS, SSH) is the environment definition's
/// transport; everything above it is the same for all three.
/// </summary>
public sealed class EngineConnection : IDisposable
{
    /// <summary>Newest API version Portal speaks; the daemon's maximum is used when lower.</summary>
    public static readonly Version ClientMaxApiVersion = new(1, 47);

    /// <summary>The unversioned <c>/version</c> call that starts a connection gives up after this.</summary>
    private static readonly TimeSpan s_versionTimeout = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly IEngineTransport _transport;
    private readonly string _name;
    private readonly TimeSpan _requestTimeout;
    private readonly TimeProvider _time;
    private readonly ILogger<EngineConnection> _logger;
    private DockerClient? _client;
    private EngineStatus _status;

    /// <summary>A connection to the engine <paramref name="definition"/> names; nothing is dialled before <see cref="ConnectAsync"/>.</summary>
    public EngineConnection(EnvironmentDefinition definition, TimeSpan requestTimeout, TimeProvider time, ILogger<EngineConnection> logger)
        : this(EngineTransports.Create(definition), requestTimeout, time, logger, definition.Name)
    {
    }

    internal EngineConnection(IEngineTransport transport, TimeSpan requestTimeout, TimeProvider time, ILogger<EngineConnection> logger, string name = "local")
    {
        ArgumentNullException.ThrowIfNull(time);
        _name = name;
        _transport = transport;
        _requestTimeout = requestTimeout;
        _time = time;
        _logger = logger;
        _status = new(EngineState.Connecting, "Connecting to the engine…", null, null, time.GetUtcNow().UtcDateTime);
    }

    /// <summary>Raised on every state change, from a background thread.</summary>
    public event Action<EngineStatus>? StatusChanged;

    public EngineStatus Status => _status;

    /// <summary>The endpoint as people see it: <c>unix://…</c>, <c>tcp://host:port</c> or <c>ssh://user@host</c>, never a secret.</summary>
    public string Endpoint => _transport.Endpoint;

    internal IEngineTransport Transport => _transport;

    /// <summary>The client, or a clear <see cref="OperationOutcome.EngineUnavailable"/> failure.</summary>
    public IDockerClient Client
    {
        get
        {
            lock (_gate)
            {
                return _client is not null && _status.IsConnected
                    ? _client
                    : throw new OperationFailedException(OperationOutcome.EngineUnavailable, Unavailable(_name, _status));
            }
        }
    }

    /// <summary>Why a call cannot reach the engine now, naming the environment and since when: it fails at once instead of waiting on a timeout.</summary>
    internal static string Unavailable(string name, EngineStatus status) => status.State == EngineState.Unavailable
        ? string.Create(CultureInfo.InvariantCulture, $"Environment '{name}' is unreachable since {status.Since:HH:mm:ss} UTC: {status.Reason}")
        : $"Environment '{name}' is not connected yet: {status.Reason}";

    /// <summary>
    /// Asks the engine for its version without naming one (the only call every daemon accepts),
    /// then builds a client pinned to the highest version both sides speak.
    /// </summary>
    public async Task<EngineStatus> ConnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var probe = _transport.CreateClient(null, s_versionTimeout);
            var version = await probe.System.GetVersionAsync(cancellationToken).ConfigureAwait(false);
            var daemonMax = Version.Parse(version.APIVersion);
            var daemonMin = Version.TryParse(version.MinAPIVersion, out var min) ? min : new Version(1, 12);
            var chosen = daemonMax < ClientMaxApiVersion ? daemonMax : ClientMaxApiVersion;
            if (chosen < daemonMin)
            {
                return SetUnavailable($"The engine needs API {daemonMin} or newer; Portal speaks up to {ClientMaxApiVersion}.");
            }

            var client = _transport.CreateClient(chosen, _requestTimeout);
            DockerClient? old;
            EngineStatus status;
            lock (_gate)
            {
                old = _client;
                _client = client;
                status = _status = new EngineStatus(EngineState.Connected, null, version.Version, chosen.ToString(), _time.GetUtcNow().UtcDateTime);
            }

            old?.Dispose();
            Log.EngineConnected(_logger, Endpoint, version.Version, chosen.ToString());
            StatusChanged?.Invoke(status);
            return status;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return SetUnavailable(Describe(ex, Endpoint));
        }
    }

    /// <summary>Marks the engine unavailable (for example when the events stream broke).</summary>
    public EngineStatus SetUnavailable(string reason)
    {
        EngineStatus status;
        bool changed;
        lock (_gate)
        {
            changed = _status.State != EngineState.Unavailable || _status.Reason != reason;
            status = changed ? _status = new EngineStatus(EngineState.Unavailable, reason, null, null, _time.GetUtcNow().UtcDateTime) : _status;
        }

        if (changed)
        {
            Log.EngineUnavailable(_logger, Endpoint, reason);
            StatusChanged?.Invoke(status);
        }

        return status;
    }

    /// <summary>Turns a connection failure into a sentence that tells an operator what to fix.</summary>
    internal static string Describe(Exception ex, string endpoint)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (IsClientCertificateAlert(e))
            {
                return TransportReasons.ClientCertificateRefused(endpoint);
            }

            switch (e)
            {
                case EngineTransportException transport:
                    return transport.Message;
                case SocketException { SocketErrorCode: SocketError.AccessDenied }:
                case UnauthorizedAccessException:
                    return $"Permission denied on {endpoint}: run Portal as root or as a member of the docker group.";
                case SocketException { SocketErrorCode: SocketError.AddressNotAvailable or SocketError.ConnectionRefused }:
                case FileNotFoundException:
                    return $"No Docker engine answers at {endpoint}: is dockerd running?";
                case SocketException socket:
                    return $"Cannot reach the Docker engine at {endpoint}: {socket.Message}";
                case TimeoutException:
                case TaskCanceledException:
                    return $"The Docker engine at {endpoint} did not answer in time.";
                default:
                    break;
            }
        }

        return $"Cannot reach the Docker engine at {endpoint}: {ex.Message}";
    }

    /// <summary>
    /// A TLS alert from the engine about Portal's certificate (OpenSSL's text: "alert bad certificate",
    /// "alert unknown ca", "alert certificate required"): with TLS 1.3 it arrives after the handshake, on the first read.
    /// </summary>
    private static bool IsClientCertificateAlert(Exception e) =>
        e.Message.Contains("alert", StringComparison.OrdinalIgnoreCase)
        && (e.Message.Contains("bad certificate", StringComparison.OrdinalIgnoreCase)
            || e.Message.Contains("unknown ca", StringComparison.OrdinalIgnoreCase)
            || e.Message.Contains("certificate required", StringComparison.OrdinalIgnoreCase)
            || e.Message.Contains("certificate unknown", StringComparison.OrdinalIgnoreCase));

    public void Dispose()
    {
        lock (_gate)
        {
            _client?.Dispose();
            _client = null;
        }

        _transport.Dispose();
    }
}
