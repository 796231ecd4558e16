using System.Net;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Registries;

/// <summary>Registry URLs and the host[:port] that image references start with.</summary>
public static class RegistryHosts
{
    /// <summary>Docker Hub's name when a reference names no registry.</summary>
    public const string DockerHub = "docker.io";

    /// <summary>Normalises a registry URL (bare hosts get https, loopback http) and returns it with its host[:port].</summary>
    public static (string Url, string Host) ParseUrl(string? text)
    {
        var value = text?.Trim().TrimEnd('/') ?? "";
        if (value.Length > 0 && !value.Contains("://", StringComparison.Ordinal))
        {
            var bare = value.Split(':')[0];
            value = (bare == "localhost" || IPAddress.TryParse(bare, out var ip) && IPAddress.IsLoopback(ip) ? "http://" : "https://") + value;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/" || uri.UserInfo.Length > 0)
        {
            throw OperationFailedException.Invalid($"'{text}' is not a registry URL: use https://host[:port] (or http:// for a loopback registry).");
        }

        return (uri.GetLeftPart(UriPartial.Authority), uri.Authority.ToLowerInvariant());
    }

    /// <summary>The registry host of a repository name: its first component when that has a dot, a port or is localhost; else Docker Hub.</summary>
    public static string HostOf(string repository)
    {
        var slash = repository.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? "" : repository[..slash];
        return first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost"
            ? first.ToLowerInvariant()
            : DockerHub;
    }
}
