using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Data.Entities;
using Portal.Engine.Configuration;

namespace Portal.Engine.Docker;

/// <summary>Makes the connection of an environment from its definition, and tests a definition before it is saved.</summary>
public sealed class EngineConnectionFactory(IOptions<EngineOptions> options, TimeProvider time, ILoggerFactory loggers)
{
    /// <summary>
    /// A connection for <paramref name="definition"/>; nothing is dialled until its supervisor calls
    /// <see cref="EngineConnection.ConnectAsync"/>, and an SSH environment without a confirmed host key never connects.
    /// </summary>
    public EngineConnection Create(EnvironmentDefinition definition) =>
        new(definition, options.Value.RequestTimeout, time, loggers.CreateLogger<EngineConnection>());

    /// <summary>
    /// Connects once and reports what answered. An SSH host whose key is not pinned yet is only asked for its key
    /// (the key exchange is cut before authentication), so no command runs on an unconfirmed host.
    /// </summary>
    public async Task<EnvironmentProbe> ProbeAsync(EnvironmentDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        IEngineTransport transport;
        try
        {
            transport = EngineTransports.Create(definition);
        }
        catch (UriFormatException ex)
        {
            return new EnvironmentProbe(false, $"The address of {definition.Name} is not a valid URI: {ex.Message}", null, null, null, null);
        }

        using var connection = new EngineConnection(transport, options.Value.RequestTimeout, time, loggers.CreateLogger<EngineConnection>(), definition.Name);
        if (definition.Kind == EnvironmentKind.Ssh && SshFingerprint.Normalize(definition.SshHostKeyFingerprint) is null)
        {
            var ssh = (SshTransport)transport;
            try
            {
                var offered = await ssh.ReadHostKeyAsync(cancellationToken).ConfigureAwait(false);
                return new EnvironmentProbe(false, TransportReasons.HostKeyNotConfirmed(new Uri(definition.Uri).Host, offered), null, null, offered, null);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return new EnvironmentProbe(false, EngineConnection.Describe(ex, connection.Endpoint), null, null, null, null);
            }
        }

        var status = await connection.ConnectAsync(cancellationToken).ConfigureAwait(false);
        return new EnvironmentProbe(status.IsConnected, status.Reason, status.ServerVersion, status.ApiVersion,
            (transport as SshTransport)?.OfferedFingerprint, (transport as TlsTransport)?.ServerSubject);
    }
}
