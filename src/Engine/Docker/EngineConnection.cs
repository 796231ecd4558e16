using System.Net.Sockets;
using Docker.DotNet;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Engine.Configuration;
using Portal.Engine.Logging;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Docker;

/// <summary>
/// Owns the Docker client of one environment's endpoint: negotiates the API version, tracks
/// whether the engine answers, and tells subscribers when that changes. Made and held by
/// <see cref="Engines"/>; everything else finds the client there, for the environment it works on.
/// </summary>
public sealed class EngineConnection(IOptions<EngineOptions> options, TimeProvider time, ILogger<EngineConnection> logger) : IDisposable
{
    /// <summary>Newest API version Portal speaks; the daemon's maximum is used when lower.</summary>
    public static readonly Version ClientMaxApiVersion = new(1, 47);

    private readonly Lock _gate = new();
    private DockerClient? _client;
    private EngineStatus _status = new(EngineState.Connecting, "Connecting to the engine…", null, null, time.GetUtcNow().UtcDateTime);

    /// <summary>Raised on every state change, from a background thread.</summary>
    public event Action<EngineStatus>? StatusChanged;

    public EngineStatus Status => _status;

    public string Endpoint => options.Value.Endpoint;

    /// <summary>The client, or a clear <see cref="OperationOutcome.EngineUnavailable"/> failure.</summary>
    public IDockerClient Client
    {
        get
        {
            lock (_gate)
            {
                return _client is not null && _status.IsConnected
                    ? _client
                    : throw new OperationFailedException(OperationOutcome.EngineUnavailable, $"The Docker engine is not available: {_status.Reason}");
            }
        }
    }

    /// <summary>
    /// Asks the engine for its version without naming one (the only call every daemon accepts),
    /// then builds a client pinned to the highest version both sides speak.
    /// </summary>
    public async Task<EngineStatus> ConnectAsync(CancellationToken cancellationToken)
    {
        var endpoint = new Uri(options.Value.Endpoint);
        try
        {
            using var probe = new DockerClientBuilder().WithEndpoint(endpoint).WithTimeout(TimeSpan.FromSeconds(10)).Build();
            var version = await probe.System.GetVersionAsync(cancellationToken).ConfigureAwait(false);
            var daemonMax = Version.Parse(version.APIVersion);
            var daemonMin = Version.TryParse(version.MinAPIVersion, out var min) ? min : new Version(1, 12);
            var chosen = daemonMax < ClientMaxApiVersion ? daemonMax : ClientMaxApiVersion;
            if (chosen < daemonMin)
            {
                return SetUnavailable($"The engine needs API {daemonMin} or newer; Portal speaks up to {ClientMaxApiVersion}.");
            }

            var client = new DockerClientBuilder().WithEndpoint(endpoint).WithApiVersion(chosen)
                .WithTimeout(options.Value.RequestTimeout).Build();
            DockerClient? old;
            EngineStatus status;
            lock (_gate)
            {
                old = _client;
                _client = client;
                status = _status = new EngineStatus(EngineState.Connected, null, version.Version, chosen.ToString(), time.GetUtcNow().UtcDateTime);
            }

            old?.Dispose();
            Log.EngineConnected(logger, options.Value.Endpoint, version.Version, chosen.ToString());
            StatusChanged?.Invoke(status);
            return status;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return SetUnavailable(Describe(ex, options.Value.Endpoint));
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
            status = changed ? _status = new EngineStatus(EngineState.Unavailable, reason, null, null, time.GetUtcNow().UtcDateTime) : _status;
        }

        if (changed)
        {
            Log.EngineUnavailable(logger, options.Value.Endpoint, reason);
            StatusChanged?.Invoke(status);
        }

        return status;
    }

    /// <summary>Turns a connection failure into a sentence that tells an operator what to fix.</summary>
    internal static string Describe(Exception ex, string endpoint)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            switch (e)
            {
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

    public void Dispose()
    {
        lock (_gate)
        {
            _client?.Dispose();
            _client = null;
        }
    }
}
