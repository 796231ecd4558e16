using Portal.Data.Entities;

namespace Portal.Engine.Docker;

/// <summary>Picks the transport for an environment's kind.</summary>
internal static class EngineTransports
{
    public static IEngineTransport Create(EnvironmentDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.Kind switch
        {
            EnvironmentKind.Socket => new SocketTransport(definition.Uri),
            EnvironmentKind.TcpTls => new TlsTransport(definition),
            EnvironmentKind.Ssh => new SshTransport(definition),
            _ => throw new ArgumentOutOfRangeException(nameof(definition), definition.Kind, "Unknown environment kind."),
        };
    }
}
