using System.Text.RegularExpressions;

namespace Portal.Engine.Registries;

/// <summary>
/// A registry's <c>WWW-Authenticate</c> challenge: <c>Basic realm="…"</c>, or
/// <c>Bearer realm="https://auth/token",service="…",scope="…"</c> (the token flow of the
/// Docker registry v2 API, used by Docker Hub, GitLab, Harbor and others).
/// </summary>
public sealed partial record RegistryChallenge(string Scheme, string? Realm, string? Service, string? Scope)
{
    public bool IsBearer => string.Equals(Scheme, "Bearer", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses one challenge header value; null when it is empty.</summary>
    public static RegistryChallenge? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var text = header.Trim();
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var scheme = space < 0 ? text : text[..space];
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (space >= 0)
        {
            foreach (Match m in Parameter().Matches(text[(space + 1)..]))
            {
                parameters.TryAdd(m.Groups["key"].Value, m.Groups["quoted"].Success ? m.Groups["quoted"].Value : m.Groups["bare"].Value);
            }
        }

        return new RegistryChallenge(scheme, parameters.GetValueOrDefault("realm"), parameters.GetValueOrDefault("service"), parameters.GetValueOrDefault("scope"));
    }

    /// <summary>The token endpoint to ask for a bearer challenge: realm with service and scope as query values.</summary>
    public Uri? TokenUri()
    {
        if (!IsBearer || !Uri.TryCreate(Realm, UriKind.Absolute, out var realm) || realm.Scheme is not ("http" or "https"))
        {
            return null;
        }

        var query = new List<string>();
        if (!string.IsNullOrEmpty(Service))
        {
            query.Add("service=" + Uri.EscapeDataString(Service));
        }

        if (!string.IsNullOrEmpty(Scope))
        {
            query.Add("scope=" + Uri.EscapeDataString(Scope));
        }

        var builder = new UriBuilder(realm);
        var existing = builder.Query.TrimStart('?');
        builder.Query = string.Join('&', new[] { existing }.Where(q => q.Length > 0).Concat(query));
        return builder.Uri;
    }

    [GeneratedRegex("""(?<key>[A-Za-z0-9_-]+)\s*=\s*(?:"(?<quoted>[^"]*)"|(?<bare>[^,\s]*))""")]
    private static partial Regex Parameter();
}
