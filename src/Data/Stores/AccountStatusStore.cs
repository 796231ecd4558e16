using Microsoft.EntityFrameworkCore;

namespace Portal.Data.Stores;

/// <summary>Whether a sign-in that began earlier still holds, for streams that outlive the request that opened them.</summary>
public sealed class AccountStatusStore(IDbContextFactory<PortalDbContext> factory, TimeProvider time)
{
    /// <summary>
    /// True while the user exists and is enabled and, when the caller came with an access token
    /// (<paramref name="tokenId"/>), that token is neither revoked nor expired.
    /// </summary>
    public async Task<bool> StillValidAsync(string userId, int? tokenId, CancellationToken cancellationToken)
    {
        using var db = factory.CreateDbContext();
        if (!await db.Users.AnyAsync(u => u.Id == userId && !u.Disabled, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        if (tokenId is not { } id)
        {
            return true;
        }

        var now = time.GetUtcNow().UtcDateTime;
        return await db.AccessTokens.AnyAsync(t => t.Id == id && t.UserId == userId && t.RevokedAt == null && (t.ExpiresAt == null || t.ExpiresAt > now), cancellationToken)
            .ConfigureAwait(false);
    }
}
