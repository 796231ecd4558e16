using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Portal.IntegrationTests.Environments;

/// <summary>A CA and a client certificate signed by it, made with .NET for the test, as PEM.</summary>
internal sealed record TestPem(string Ca, string Cert, string Key)
{
    public static TestPem Create()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=portal-test-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        using var clientKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var clientRequest = new CertificateRequest("CN=portal-test-client", clientKey, HashAlgorithmName.SHA256);
        using var client = clientRequest.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), RandomNumberGenerator.GetBytes(8));
        return new TestPem(ca.ExportCertificatePem(), client.ExportCertificatePem(), clientKey.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>The base64 body of the key, which must appear nowhere Portal answers or records.</summary>
    public string KeyBody => Key.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[1];
}
