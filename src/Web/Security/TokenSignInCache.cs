using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Portal.Data;
using Portal.Engine.Tokens;
using Portal.Engine.Users;

namespace Portal.Web.Security;

/// <summary>
/// Bearer tokens already checked, with their owner's roles: an API client sends its token with every
/// request, and checking it costs four queries. A sign-in is kept until an access row changes
/// (<see cref="AccessVersion"/>: a revoke, a disabled account, a role), the token expires, or
/// <see cref="ActorLoader.MaxAge"/> passed. Refusals are never kept.
/// </summary>
public sealed class TokenSignInCache(AccessVersion version, TimeProvider time)
{
    // A bound on distinct tokens in use at once; past it the cache starts again rather than grow.
    private const int MaxKept = 10_000;

    private readonly ConcurrentDictionary<string, (long Version, long LoadedAt, TokenSignIn SignIn)> _kept = new(StringComparer.Ordinal);

    /// <summary>The kept sign-in for <paramref name="token"/>, or what <paramref name="load"/> gives (kept when it signs in).</summary>
    public async Task<TokenSignInResult> GetAsync(string token, Func<Task<TokenSignInResult>> load)
    {
        ArgumentNullException.ThrowIfNull(load);
        // Keyed by a hash: the cache holds no secret.
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        var seen = version.Current;
        if (_kept.TryGetValue(key, out var kept) && kept.Version == seen && time.GetElapsedTime(kept.LoadedAt) < ActorLoader.MaxAge
            && !(kept.SignIn.Bearer.ExpiresAt is { } expires && expires <= time.GetUtcNow().UtcDateTime))
        {
            return new TokenSignInResult(kept.SignIn, null);
        }

        var loadedAt = time.GetTimestamp();
        var result = await load();
        if (result.SignIn is null)
        {
            _kept.TryRemove(key, out _);
            return result;
        }

        if (_kept.Count >= MaxKept)
        {
            _kept.Clear();
        }

        _kept[key] = (seen, loadedAt, result.SignIn);
        return result;
    }
}

/// <summary>A valid token's owner and their roles.</summary>
public sealed record TokenSignIn(TokenBearer Bearer, IReadOnlyList<string> Roles);

/// <summary>A sign-in, or why there is none.</summary>
public sealed record TokenSignInResult(TokenSignIn? SignIn, string? Failure);
