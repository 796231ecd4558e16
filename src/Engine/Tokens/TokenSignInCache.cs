using System.Security.Cryptography;
using System.Text;
using Portal.Data;

namespace Portal.Engine.Tokens;

/// <summary>
/// Bearer tokens already checked, with their owner's roles: an API client sends its token with every
/// request, and checking it (the web layer's sign-in) costs four queries. A sign-in is kept until an
/// access row changes (<see cref="AccessVersion"/>: a revoke, a disabled account, a role), the token
/// expires, or <see cref="AccessVersion.MaxAge"/> passed. Refusals are never kept.
/// </summary>
public sealed class TokenSignInCache(AccessVersion version, TimeProvider time)
{
    private readonly AccessKept<string, TokenSignInResult> _kept = new(version, time, StringComparer.Ordinal);

    /// <summary>The kept sign-in for <paramref name="token"/>, or what <paramref name="load"/> gives.</summary>
    public Task<TokenSignInResult> GetAsync(string token, Func<Task<TokenSignInResult>> load) =>
        // Keyed by a hash: the cache holds no secret.
        _kept.GetAsync(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token))), load,
            r => r.SignIn is { } signIn && !(signIn.Bearer.ExpiresAt is { } expires && expires <= time.GetUtcNow().UtcDateTime));
}

/// <summary>A valid token's owner and their roles.</summary>
public sealed record TokenSignIn(TokenBearer Bearer, IReadOnlyList<string> Roles);

/// <summary>A sign-in, or why there is none.</summary>
public sealed record TokenSignInResult(TokenSignIn? SignIn, string? Failure);
