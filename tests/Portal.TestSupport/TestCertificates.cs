using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Portal.TestSupport;

/// <summary>
/// A throw-away certificate authority for TLS tests, made with .NET's <see cref="CertificateRequest"/>: it signs
/// engine (server) certificates for IP addresses and client certificates, all as PEM, valid for a day.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private readonly X509Certificate2 _ca;

    public TestCertificates(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        _ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
        CaPem = _ca.ExportCertificatePem();
    }

    /// <summary>The CA's certificate, PEM.</summary>
    public string CaPem { get; }

    /// <summary>An engine certificate whose only subject alternative name is <paramref name="address"/>.</summary>
    public (string CertPem, string KeyPem) IssueServer(IPAddress address)
    {
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(address);
        return Issue($"CN={address}", san.Build(), "1.3.6.1.5.5.7.3.1");
    }

    /// <summary>A client certificate (extended key usage clientAuth), as <c>dockerd --tlsverify</c> requires.</summary>
    public (string CertPem, string KeyPem) IssueClient(string name) => Issue($"CN={name}", null, "1.3.6.1.5.5.7.3.2");

    public void Dispose() => _ca.Dispose();

    private (string CertPem, string KeyPem) Issue(string subject, X509Extension? san, string usage)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        if (san is not null)
        {
            request.CertificateExtensions.Add(san);
        }

        // Inside the CA's own validity, which Create insists on.
        using var certificate = request.Create(_ca, _ca.NotBefore.ToUniversalTime(), _ca.NotAfter.ToUniversalTime().AddMinutes(-1), RandomNumberGenerator.GetBytes(16));
        return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }
}
