using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;

namespace Portal.Data.Stores;

/// <summary>Personal access tokens: issues secrets, stores only their hashes, validates bearers.</summary>
public sealed class TokenStore(IDbContextFactory<PortalDbContext> factory, TimeProvider time)
{
    /// <summary>Every token starts with this, so leaked tokens are recognisable by scanners.</summary>
    public const string Prefix = "ptl_";

    /// <summary>Creates a token and returns its id and the secret, which is never stored.</summary>
    public async Task<(int Id, string Token)> CreateAsync(string userId, string name, bool readOnly, DateTime? expiresAt, CancellationToken cancellationToken)
    {
        var secret = Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        using var db = factory.CreateDbContext();
        var token = new AccessToken
        {
            UserId = userId,
            Name = name,
            Hash = Hash(secret),
            ReadOnly = readOnly,
            CreatedAt = time.GetUtcNow().UtcDateTime,
            ExpiresAt = expiresAt,
        };
        db.AccessTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return (token.Id, secret);
    }

    /// <summary>Finds the enabled user behind an unexpired, unrevoked token and records its use.</summary>
    public async Task<TokenOwner?> ValidateAsync(string secret, CancellationToken cancellationToken)
    {
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal) || secret.Length > 128)
        {
            return null;
        }

        var hash = Hash(secret);
        var now = time.GetUtcNow().UtcDateTime;
        using var db = factory.CreateDbContext();
        var token = await db.AccessTokens.Include(t => t.User)
            .FirstOrDefaultAsync(t => t.Hash == hash, cancellationToken).ConfigureAwait(false);
        if (token?.User is null || token.RevokedAt is not null || token.User.Disabled
            || (token.ExpiresAt is { } expires && expires <= now))
        {
            return null;
        }

        // Writing on every call would serialise API traffic on SQLite; a minute's precision is enough.
        if (token.LastUsedAt is null || now - token.LastUsedAt.Value > TimeSpan.FromMinutes(1))
        {
            token.LastUsedAt = now;
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        return new TokenOwner(token.Id, token.UserId, token.User.UserName ?? "", token.ReadOnly, token.User.SecurityStamp ?? "", token.ExpiresAt);
    }

    /// <summary>The user's tokens, newest first, revoked ones included (they show as revoked); never the hash.</summary>
    public async Task<IReadOnlyList<TokenInfo>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        return await db.AccessTokens.AsNoTracking().Where(t => t.UserId == userId)
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .Select(t => new TokenInfo(t.Id, t.Name, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.ReadOnly, t.RevokedAt))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The owner's user id and name of a token, or null when there is no such token.</summary>
    public async Task<(string UserId, string UserName, string Name)?> FindOwnerAsync(int tokenId, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        var row = await db.AccessTokens.AsNoTracking().Where(t => t.Id == tokenId)
            .Select(t => new { t.UserId, UserName = t.User!.UserName, t.Name })
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return row is null ? null : (row.UserId, row.UserName ?? "", row.Name);
    }

    /// <summary>Revokes one of the user's tokens; false when no such token is theirs.</summary>
    public async Task<bool> RevokeAsync(string userId, int tokenId, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        var now = time.GetUtcNow().UtcDateTime;
        return await db.AccessTokens.Where(t => t.Id == tokenId && t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>Revokes every live token of <paramref name="userId"/>, or of everyone when null; returns how many.</summary>
    public async Task<int> RevokeAllAsync(string? userId, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        var now = time.GetUtcNow().UtcDateTime;
        var live = db.AccessTokens.Where(t => t.RevokedAt == null);
        if (userId is not null)
        {
            live = live.Where(t => t.UserId == userId);
        }

        return await live.ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken).ConfigureAwait(false);
    }

    internal static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
