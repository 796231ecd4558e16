using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Portal.Engine.Docker;

/// <summary>
/// The engine's TCP API with mutual TLS (<c>dockerd --tlsverify</c>). The engine's certificate must chain
/// to the environment's CA alone (the system store is not consulted) and name the host Portal dialled;
/// Portal presents the client certificate from the environment's PEM.
/// </summary>
internal sealed class TlsTransport : StreamTransport
{
    private readonly string _host;
    private readonly int _port;
    private readonly Lazy<(X509Certificate2 Ca, X509Certificate2 Client)> _material;

    public TlsTransport(EnvironmentDefinition definition)
    {
        var uri = new Uri(definition.Uri);
        _host = uri.DnsSafeHost;
        _port = uri.IsDefaultPort || uri.Port <= 0 ? 2376 : uri.Port;
        Endpoint = string.Create(CultureInfo.InvariantCulture, $"tcp://{uri.Host}:{_port}");
        _material = new(() => Load(definition));
    }

    public override string Endpoint { get; }

    /// <summary>The subject of the last certificate the engine presented, for the probe.</summary>
    public string? ServerSubject { get; private set; }

    public override async Task<Stream> OpenAsync(CancellationToken cancellationToken)
    {
        var (ca, client) = _material.Value;
        var socket = await TcpConnect.ConnectAsync(_host, _port, Endpoint, cancellationToken).ConfigureAwait(false);
        var tls = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        string? refusal = null;
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = _host,
            ClientCertificates = [client],
            // TLS 1.2: the engine judges Portal's certificate inside the handshake, so a refusal arrives as a named
            // alert. Under 1.3 it comes after the handshake, racing the first request, and is often lost to a reset.
            EnabledSslProtocols = SslProtocols.Tls12,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, certificate, presented, errors) =>
            {
                refusal = Check(ca, certificate, presented, errors);
                return refusal is null;
            },
        };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TransportReasons.HandshakeTimeout);
        try
        {
            await tls.AuthenticateAsClientAsync(options, deadline.Token).ConfigureAwait(false);
            return tls;
        }
        catch (Exception ex) when (refusal is not null)
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw new EngineTransportException(refusal, ex);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw new EngineTransportException(TransportReasons.Unreachable(Endpoint));
        }
        catch
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override void Dispose()
    {
        if (_material.IsValueCreated)
        {
            _material.Value.Ca.Dispose();
            _material.Value.Client.Dispose();
        }
    }

    /// <summary>Null when the engine's certificate is acceptable, otherwise why not.</summary>
    private string? Check(X509Certificate2 ca, X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return TransportReasons.CaUntrusted(Endpoint);
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        ServerSubject = leaf.Subject;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        foreach (var element in presented?.ChainElements ?? Enumerable.Empty<X509ChainElement>())
        {
            chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        }

        if (!chain.Build(leaf))
        {
            return TransportReasons.CaUntrusted(Endpoint);
        }

        // The name check is the platform's (DNS names and IP addresses in the SAN); the chain check above replaces its trust check.
        return errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) ? TransportReasons.HostNameMismatch(Endpoint, _host) : null;
    }

    private static (X509Certificate2 Ca, X509Certificate2 Client) Load(EnvironmentDefinition definition)
    {
        X509Certificate2 ca;
        try
        {
            ca = X509Certificate2.CreateFromPem(definition.TlsCaPem ?? string.Empty);
        }
        catch (CryptographicException ex)
        {
            throw new EngineTransportException(TransportReasons.TlsMaterialInvalid("CA certificate"), ex);
        }

        try
        {
            using var pem = X509Certificate2.CreateFromPem(definition.TlsClientCertPem ?? string.Empty, definition.TlsClientKeyPem ?? string.Empty);
            // A PEM key is ephemeral; SslStream presents a client certificate reliably only with a persisted one, so round-trip through PKCS#12.
            return (ca, X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null));
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            ca.Dispose();
            throw new EngineTransportException(TransportReasons.TlsMaterialInvalid("client certificate or key"), ex);
        }
    }
}
