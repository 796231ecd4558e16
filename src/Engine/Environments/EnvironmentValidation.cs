using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Portal.Data.Entities;
using Portal.Engine.Docker;
using Portal.Engine.Pipeline;
using Portal.Engine.Teams;

namespace Portal.Engine.Environments;

/// <summary>What a create or update request makes of an environment once every field passed its check.</summary>
/// <param name="Definition">How to reach the engine, secrets in plain text, only the fields of its kind.</param>
/// <param name="Description">Free text, or null.</param>
/// <param name="Labels">Lower-case words, distinct, in the order given.</param>
internal sealed record ValidatedEnvironment(EnvironmentDefinition Definition, string? Description, IReadOnlyList<string> Labels);

/// <summary>
/// The checks an environment passes before it is stored or probed, each refusal naming the field and what
/// would be accepted. On an update a field left out keeps its stored value (an empty string clears it).
/// </summary>
internal static partial class EnvironmentValidation
{
    private const int MaxDescription = 500;
    private const int MaxLabels = 20;
    private const int MaxPem = 16_384;

    public static ValidatedEnvironment Validate(EnvironmentRequest request, ValidatedEnvironment? stored)
    {
        ArgumentNullException.ThrowIfNull(request);
        var before = stored?.Definition;
        var name = (request.Name ?? before?.Name ?? "").Trim();
        if (!TeamOperations.IsValidName(name))
        {
            throw OperationFailedException.Invalid($"'{name}' is not a valid environment name: use 1-64 lower-case letters, digits and '-', starting with a letter or digit.");
        }

        var kind = request.Kind is null && before is not null ? before.Kind : EnvironmentKinds.Parse(request.Kind);
        var sameKind = before?.Kind == kind;
        var uri = (request.Uri ?? before?.Uri ?? "").Trim();
        CheckUri(kind, uri);
        var definition = new EnvironmentDefinition(name, kind, uri);
        if (kind == EnvironmentKind.TcpTls)
        {
            definition = definition with
            {
                TlsCaPem = Required(Pick(request.TlsCa, sameKind ? before!.TlsCaPem : null), "tlsCa", "the PEM of the CA that signed the engine's certificate"),
                TlsClientCertPem = Required(Pick(request.TlsCert, sameKind ? before!.TlsClientCertPem : null), "tlsCert", "the PEM of Portal's client certificate"),
                TlsClientKeyPem = Required(Pick(request.TlsKey, sameKind ? before!.TlsClientKeyPem : null), "tlsKey", "the PEM of the client certificate's private key"),
            };
            CheckTls(definition);
        }
        else if (kind == EnvironmentKind.Ssh)
        {
            definition = definition with
            {
                SshPrivateKey = Required(Pick(request.SshKey, sameKind ? before!.SshPrivateKey : null), "sshKey", "the SSH private key (OpenSSH or PEM)"),
                SshHostKeyFingerprint = Pick(request.SshHostKeyFingerprint, sameKind ? before!.SshHostKeyFingerprint : null),
            };
            CheckSshKey(definition.SshPrivateKey!);
            if (definition.SshHostKeyFingerprint is { } fingerprint && !FingerprintRegex().IsMatch(fingerprint))
            {
                throw OperationFailedException.Invalid($"sshHostKeyFingerprint '{fingerprint}' is not an SSH host key fingerprint: give it as SHA256:… (43 base64 characters), as the test shows it.");
            }
        }

        return Details(request, stored) with { Definition = definition };
    }

    /// <summary>Only the description and labels of <paramref name="request"/> over <paramref name="stored"/>; the connection stays as stored.</summary>
    public static ValidatedEnvironment Details(EnvironmentRequest request, ValidatedEnvironment? stored)
    {
        ArgumentNullException.ThrowIfNull(request);
        var description = Pick(request.Description, stored?.Description);
        if (description?.Length > MaxDescription)
        {
            throw OperationFailedException.Invalid($"The description is {description.Length} characters long; keep it within {MaxDescription}.");
        }

        var labels = request.Labels is null ? stored?.Labels ?? [] : CheckLabels(request.Labels);
        return new ValidatedEnvironment(stored?.Definition ?? new EnvironmentDefinition("", default, ""), description, labels);
    }

    /// <summary>True when <paramref name="request"/> would change how <paramref name="stored"/> is reached, or its name.</summary>
    public static bool TouchesConnection(EnvironmentRequest request, EnvironmentDefinition stored)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(stored);
        return (request.Name is not null && request.Name.Trim() != stored.Name)
            || (request.Kind is not null && EnvironmentKinds.Parse(request.Kind) != stored.Kind)
            || (request.Uri is not null && request.Uri.Trim() != stored.Uri)
            || new[] { request.TlsCa, request.TlsCert, request.TlsKey, request.SshKey, request.SshHostKeyFingerprint }.Any(v => !string.IsNullOrWhiteSpace(v));
    }

    /// <summary>The given value (trimmed; an empty one clears), or the stored one when none was given.</summary>
    private static string? Pick(string? given, string? stored) => given is null ? stored : string.IsNullOrWhiteSpace(given) ? null : given.Trim();

    private static string Required(string? value, string field, string what) =>
        value ?? throw OperationFailedException.Invalid($"A tcp+tls or ssh environment needs {field}: {what}.");

    private static void CheckUri(EnvironmentKind kind, string text)
    {
        var expected = kind switch
        {
            EnvironmentKind.TcpTls => "tcp://host:port, for example tcp://10.0.0.5:2376",
            EnvironmentKind.Ssh => "ssh://user@host or ssh://user@host:port",
            _ => "unix:///absolute/path/to/docker.sock",
        };
        var scheme = kind switch
        {
            EnvironmentKind.TcpTls => "tcp",
            EnvironmentKind.Ssh => "ssh",
            _ => "unix",
        };
        var fits = text.Length <= 500 && Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme == scheme && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment)
            && kind switch
            {
                EnvironmentKind.TcpTls => uri.Host.Length > 0 && uri.Port > 0 && uri.AbsolutePath == "/" && uri.UserInfo.Length == 0,
                EnvironmentKind.Ssh => uri.Host.Length > 0 && uri.UserInfo.Length > 0 && !uri.UserInfo.Contains(':', StringComparison.Ordinal) && uri.AbsolutePath == "/",
                _ => text.StartsWith("unix:///", StringComparison.Ordinal) && uri.AbsolutePath.Length > 1,
            };
        if (!fits)
        {
            throw OperationFailedException.Invalid($"'{text}' is not an address for a {EnvironmentKinds.Name(kind)} environment: use {expected}.");
        }
    }

    private static void CheckTls(EnvironmentDefinition definition)
    {
        if (definition.TlsCaPem!.Length > MaxPem || definition.TlsClientCertPem!.Length > MaxPem || definition.TlsClientKeyPem!.Length > MaxPem)
        {
            throw OperationFailedException.Invalid($"A TLS PEM is longer than {MaxPem} characters.");
        }

        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPem(definition.TlsCaPem);
        }
        catch (CryptographicException ex)
        {
            throw OperationFailedException.Invalid($"tlsCa is not a PEM certificate: {ex.Message}");
        }

        try
        {
            if (authorities.Count == 0)
            {
                throw OperationFailedException.Invalid("tlsCa holds no certificate: paste the CA's PEM (-----BEGIN CERTIFICATE-----).");
            }
        }
        finally
        {
            foreach (var certificate in authorities)
            {
                certificate.Dispose();
            }
        }

        try
        {
            using var client = X509Certificate2.CreateFromPem(definition.TlsClientCertPem, definition.TlsClientKeyPem);
        }
        catch (CryptographicException ex)
        {
            throw OperationFailedException.Invalid($"tlsCert and tlsKey must be a PEM certificate and its own private key: {ex.Message}");
        }
        catch (ArgumentException ex)
        {
            throw OperationFailedException.Invalid($"tlsCert and tlsKey must be a PEM certificate and its own private key: {ex.Message}");
        }
    }

    private static void CheckSshKey(string key)
    {
        if (key.Length > MaxPem || !SshKeyRegex().IsMatch(key))
        {
            throw OperationFailedException.Invalid("sshKey is not a private key: paste the whole key file, from -----BEGIN … PRIVATE KEY----- to its END line.");
        }

        if (key.Contains("ENCRYPTED", StringComparison.Ordinal))
        {
            throw OperationFailedException.Invalid("sshKey is protected by a passphrase: Portal needs a key without one.");
        }
    }

    private static List<string> CheckLabels(IReadOnlyList<string> labels)
    {
        var result = labels.Select(l => (l ?? "").Trim()).Where(l => l.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (result.Count > MaxLabels)
        {
            throw OperationFailedException.Invalid($"An environment carries up to {MaxLabels} labels.");
        }

        if (result.FirstOrDefault(l => !LabelRegex().IsMatch(l)) is { } bad)
        {
            throw OperationFailedException.Invalid($"Label '{bad}' is not a lower-case word: use 1-32 lower-case letters, digits and '-'.");
        }

        return result;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,31}$")]
    private static partial Regex LabelRegex();

    [GeneratedRegex("^SHA256:[A-Za-z0-9+/]{43}=?$")]
    private static partial Regex FingerprintRegex();

    [GeneratedRegex(@"\A\s*-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----\r?\n[\s\S]+\r?\n-----END [A-Z0-9 ]*PRIVATE KEY-----\s*\z")]
    private static partial Regex SshKeyRegex();
}
