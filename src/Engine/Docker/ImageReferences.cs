using System.Text.RegularExpressions;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Docker;

/// <summary>Parsing and checking of image references (<c>[registry[:port]/]name[:tag]</c>) as the engine understands them.</summary>
public static partial class ImageReferences
{
    /// <summary>Docker's grammar: lowercase path components joined by separators, optional host[:port] first.</summary>
    [GeneratedRegex(@"^(?:(?<host>[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?)/)?(?<path>[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)$")]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex(@"^[\w][\w.-]{0,127}$")]
    private static partial Regex TagPattern();

    /// <summary>The 12 hex characters the CLI shows for an image id.</summary>
    public static string ShortId(string id)
    {
        var hex = id.StartsWith("sha256:", StringComparison.Ordinal) ? id[7..] : id;
        return hex.Length > 12 ? hex[..12] : hex;
    }

    /// <summary>
    /// Splits <c>repo[:tag]</c> into repository and tag (<c>latest</c> when absent), or throws
    /// <see cref="OperationOutcome.Invalid"/> with a message saying what is wrong.
    /// </summary>
    public static (string Repository, string Tag) ParseTagTarget(string reference)
    {
        var text = reference?.Trim() ?? "";
        if (text.Length == 0)
        {
            throw OperationFailedException.Invalid("Give the new reference as repository[:tag].");
        }

        if (text.Contains('@', StringComparison.Ordinal))
        {
            throw OperationFailedException.Invalid($"'{text}' names a digest; a tag cannot be a digest.");
        }

        // The tag separator is the last colon after the last slash; an earlier colon is a registry port.
        var slash = text.LastIndexOf('/');
        var colon = text.LastIndexOf(':');
        var (repository, tag) = colon > slash ? (text[..colon], text[(colon + 1)..]) : (text, "latest");
        var match = RepositoryPattern().Match(repository);
        // Docker reads the first component as a registry host only when it has a dot or a port or is
        // "localhost"; otherwise it is part of the (lowercase) path.
        var host = match.Groups["host"];
        var hostIsPath = host.Success && !host.Value.Contains('.', StringComparison.Ordinal) && !host.Value.Contains(':', StringComparison.Ordinal) && host.Value != "localhost";
        if (!match.Success || repository.Length > 255 || (hostIsPath && host.Value.Any(char.IsUpper)))
        {
            throw OperationFailedException.Invalid($"'{repository}' is not a valid repository name: use lowercase letters, digits and . _ - separated by /.");
        }

        if (!TagPattern().IsMatch(tag))
        {
            throw OperationFailedException.Invalid($"'{tag}' is not a valid tag: up to 128 letters, digits, _ . and -, not starting with . or -.");
        }

        return (repository, tag);
    }

    /// <summary>
    /// Splits a pull reference (<c>name</c>, <c>name:tag</c>, <c>host:port/name@sha256:…</c>) into
    /// the engine's <c>fromImage</c> and <c>tag</c> (a tag or a digest; <c>latest</c> when neither is
    /// given, so a pull never fetches every tag), or throws <see cref="OperationOutcome.Invalid"/>.
    /// </summary>
    public static (string Repository, string TagOrDigest) ParsePullReference(string reference)
    {
        var text = reference?.Trim() ?? "";
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at < 0)
        {
            return ParseTagTarget(text);
        }

        var digest = text[(at + 1)..];
        if (!DigestPattern().IsMatch(digest))
        {
            throw OperationFailedException.Invalid($"'{digest}' is not a valid digest: expected sha256: and 64 hex characters.");
        }

        // A tag before the digest is ignored by the engine; keep only the repository.
        var (repository, _) = ParseTagTarget(text[..at]);
        return (repository, digest);
    }

    [GeneratedRegex(@"^sha256:[a-f0-9]{64}$")]
    private static partial Regex DigestPattern();

    /// <summary>
    /// A reference as the engine lists it among an image's tags: Docker Hub's <c>docker.io/library/busybox:1</c>
    /// is <c>busybox:1</c>, <c>docker.io/me/app:1</c> is <c>me/app:1</c>.
    /// </summary>
    public static string Familiar(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        foreach (var prefix in (string[])["docker.io/library/", "index.docker.io/library/", "docker.io/", "index.docker.io/"])
        {
            if (reference.StartsWith(prefix, StringComparison.Ordinal))
            {
                return reference[prefix.Length..];
            }
        }

        return reference;
    }

    /// <summary>True when <paramref name="tag"/> (as the engine lists it) means "no tag".</summary>
    public static bool IsNoneTag(string tag) => tag is "<none>:<none>" or "<none>@<none>";
}
