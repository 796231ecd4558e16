using Docker.DotNet;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Data.Entities;
using Portal.Engine.Configuration;

namespace Portal.Engine.Docker;

/// <summary>
/// Makes the connection of a stored environment and probes a definition before it is saved.
/// This build reaches unix sockets only; TCP with TLS and SSH report that they are not supported.
/// </summary>
public sealed class EngineConnectionFactory(IOptions<EngineOptions> options, TimeProvider time, ILoggerFactory loggers)
{
    private static readonly TimeSpan s_probeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>A connection for <paramref name="definition"/>; the environment's supervisor connects it.</summary>
    public EngineConnection Create(EnvironmentDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var configured = options.Value;
        var connection = new EngineConnection(Options.Create(new EngineOptions
        {
            Name = definition.Name,
            Endpoint = definition.Uri,
            RequestTimeout = configured.RequestTimeout,
            ReconnectDelay = configured.ReconnectDelay,
            MaxReconnectDelay = configured.MaxReconnectDelay,
        }), time, loggers.CreateLogger<EngineConnection>());
        if (Unsupported(definition) is { } reason)
        {
            connection.SetUnavailable(reason);
        }

        return connection;
    }

    /// <summary>Asks the engine of <paramref name="definition"/> for its version; never throws for an unreachable engine.</summary>
    public async Task<EnvironmentProbe> ProbeAsync(EnvironmentDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (Unsupported(definition) is { } reason)
        {
            return new EnvironmentProbe(false, reason, null, null, null, null);
        }

        try
        {
            using var client = new DockerClientBuilder().WithEndpoint(new Uri(definition.Uri)).WithTimeout(s_probeTimeout).Build();
            var version = await client.System.GetVersionAsync(cancellationToken).ConfigureAwait(false);
            return new EnvironmentProbe(true, null, version.Version, version.APIVersion, null, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new EnvironmentProbe(false, EngineConnection.Describe(ex, definition.Uri), null, null, null, null);
        }
    }

    private static string? Unsupported(EnvironmentDefinition definition) => definition.Kind == EnvironmentKind.Socket
        ? null
        : $"Environment '{definition.Name}': {definition.Kind} connections are not supported in this build.";
}
