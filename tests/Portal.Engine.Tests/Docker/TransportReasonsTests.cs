using System.Security.Authentication;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Data.Entities;
using Portal.Engine.Docker;

namespace Portal.Engine.Tests.Docker;

/// <summary>The sentences people read when an environment does not connect, and how a failure is mapped to one.</summary>
public sealed class TransportReasonsTests
{
    private const string Tls = "tcp://10.0.0.2:2376";

    [Fact]
    public void Reasons_NameTheCheckAndTheEndpoint()
    {
        Assert.Equal("TLS: the engine certificate at tcp://10.0.0.2:2376 is not signed by the configured CA.", TransportReasons.CaUntrusted(Tls));
        Assert.Equal("TLS: the engine at tcp://10.0.0.2:2376 refused Portal's client certificate (it is not signed by a CA the engine trusts).", TransportReasons.ClientCertificateRefused(Tls));
        Assert.Equal("TLS host name mismatch: the engine certificate at tcp://10.0.0.2:2376 is not issued for 10.0.0.2.", TransportReasons.HostNameMismatch(Tls, "10.0.0.2"));
        Assert.Equal("SSH host key of h1 changed: expected SHA256:aaa, the host offered SHA256:bbb.", TransportReasons.HostKeyChanged("h1", "SHA256:aaa", "SHA256:bbb"));
        Assert.Equal("SSH host key of h1 is not confirmed: confirm the host key first.", TransportReasons.HostKeyNotConfirmed("h1", null));
        Assert.Equal("SSH host key of h1 is not confirmed: confirm the host key first (the host offers SHA256:bbb).", TransportReasons.HostKeyNotConfirmed("h1", "SHA256:bbb"));
        Assert.Equal("SSH authentication refused for user deploy on h1.", TransportReasons.SshAuthenticationRefused("deploy", "h1"));
        Assert.Equal("Cannot reach tcp://10.0.0.2:2376: no answer within 3 s (host down or unreachable).", TransportReasons.Unreachable(Tls));
        Assert.Equal("Connection refused at tcp://10.0.0.2:2376: no Docker engine (or SSH server) listens there.", TransportReasons.Refused(Tls));
    }

    [Theory]
    [InlineData(127, "bash: line 1: docker: command not found", "SSH: the remote docker CLI is missing on h1 (`docker system dial-stdio`: command not found).")]
    [InlineData(1, "Cannot connect to the Docker daemon at unix:///var/run/docker.sock.\nIs the docker daemon running?", "SSH: `docker system dial-stdio` failed on h1 (exit 1): Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?")]
    [InlineData(null, "", "SSH: `docker system dial-stdio` failed on h1 (exit unknown).")]
    public void DialStdioFailed_SaysWhatTheRemoteSaid(int? exit, string stderr, string expected)
    {
        Assert.Equal(expected, TransportReasons.DialStdioFailed("h1", exit, stderr));
    }

    [Fact]
    public void Describe_TransportReason_IsShownAsItIs_EvenWrapped()
    {
        var reason = TransportReasons.CaUntrusted(Tls);

        Assert.Equal(reason, EngineConnection.Describe(new HttpRequestException("outer", new EngineTransportException(reason)), Tls));
    }

    [Theory]
    [InlineData("error:0A000412:SSL routines::sslv3 alert bad certificate")]
    [InlineData("error:0A000418:SSL routines::tlsv1 alert unknown ca")]
    [InlineData("error:0A00045C:SSL routines::tlsv13 alert certificate required")]
    public void Describe_TlsAlertAboutOurCertificate_IsTheClientCertificateReason(string openSsl)
    {
        var failure = new HttpRequestException("Connection failed.", new AuthenticationException("Authentication failed", new InvalidOperationException(openSsl)));

        Assert.Equal(TransportReasons.ClientCertificateRefused(Tls), EngineConnection.Describe(failure, Tls));
    }

    [Theory]
    [InlineData(EnvironmentKind.Ssh, "ssh://deploy:hunter2@h1:2222", "ssh://deploy@h1:2222")]
    [InlineData(EnvironmentKind.Ssh, "ssh://deploy@h1", "ssh://deploy@h1")]
    [InlineData(EnvironmentKind.TcpTls, "tcp://u:hunter2@10.0.0.2:2376", "tcp://10.0.0.2:2376")]
    [InlineData(EnvironmentKind.TcpTls, "tcp://10.0.0.2", "tcp://10.0.0.2:2376")]
    [InlineData(EnvironmentKind.Socket, "unix:///var/run/docker.sock", "unix:///var/run/docker.sock")]
    public void Endpoint_ShownToPeople_HasNoSecret(EnvironmentKind kind, string uri, string expected)
    {
        using var connection = new EngineConnection(new EnvironmentDefinition("e", kind, uri), TimeSpan.FromSeconds(100), TimeProvider.System, NullLogger<EngineConnection>.Instance);

        Assert.Equal(expected, connection.Endpoint);
    }

    [Fact]
    public void EnvironmentDefinition_ToString_LeavesSecretsOut()
    {
        var definition = new EnvironmentDefinition("prod", EnvironmentKind.Ssh, "ssh://root@h1") { SshPrivateKey = "-----BEGIN OPENSSH PRIVATE KEY-----secret" };

        Assert.DoesNotContain("secret", definition.ToString(), StringComparison.Ordinal);
    }
}
