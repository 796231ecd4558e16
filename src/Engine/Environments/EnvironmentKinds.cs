using Portal.Data.Entities;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Environments;

/// <summary>The kinds of environment as the API and pages spell them: <c>socket</c>, <c>tcp+tls</c>, <c>ssh</c>.</summary>
public static class EnvironmentKinds
{
    public const string Socket = "socket";

    public const string TcpTls = "tcp+tls";

    public const string Ssh = "ssh";

    /// <summary>Every kind, in the order pages offer them.</summary>
    public static IReadOnlyList<string> All { get; } = [Socket, TcpTls, Ssh];

    public static string Name(EnvironmentKind kind) => kind switch
    {
        EnvironmentKind.TcpTls => TcpTls,
        EnvironmentKind.Ssh => Ssh,
        _ => Socket,
    };

    /// <summary>The kind named <paramref name="name"/>, or an invalid-request failure listing the kinds.</summary>
    public static EnvironmentKind Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        Socket => EnvironmentKind.Socket,
        TcpTls => EnvironmentKind.TcpTls,
        Ssh => EnvironmentKind.Ssh,
        _ => throw OperationFailedException.Invalid($"'{name}' is not a kind of environment: use {Socket}, {TcpTls} or {Ssh}."),
    };
}
