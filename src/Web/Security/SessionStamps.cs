using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Web.Security;

/// <summary>
/// The current security stamp and disabled flag of each signed-in user, kept in memory so that
/// every cookie request can be checked against it for the price of a dictionary lookup.
/// </summary>
/// <remarks>
/// <see cref="PortalUserManager"/> forgets a user's entry whenever it writes that user, so a
/// password change, disable or role change is seen by the very next request, not after a
/// validation interval. The dictionary is cleared when it grows past <see cref="MaxEntries"/>.
/// </remarks>
public sealed class SessionStamps(IDbContextFactory<PortalDbContext> factory)
{
    /// <summary>Bound on cached users; a cleared cache only costs one query per user.</summary>
    public const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, UserStamp> _stamps = new(StringComparer.Ordinal);

    /// <summary>The user's stamp and state, or null when the user no longer exists.</summary>
    public async ValueTask<UserStamp?> GetAsync(string userId, CancellationToken cancellationToken)
    {
        if (_stamps.TryGetValue(userId, out var cached))
        {
            return cached;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var row = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new UserStamp(u.SecurityStamp, u.Disabled)).FirstOrDefaultAsync(cancellationToken);
        if (row is not null)
        {
            if (_stamps.Count >= MaxEntries)
            {
                _stamps.Clear();
            }

            _stamps[userId] = row;
        }

        return row;
    }

    /// <summary>Drops the cached entry, so the next check reads the database.</summary>
    public void Forget(string userId) => _stamps.TryRemove(userId, out _);

    /// <summary>True when a session carrying <paramref name="stamp"/> for <paramref name="userId"/> is still valid.</summary>
    public async ValueTask<bool> IsCurrentAsync(string? userId, string? stamp, CancellationToken cancellationToken)
    {
        if (userId is null || stamp is null)
        {
            return false;
        }

        var current = await GetAsync(userId, cancellationToken);
        return current is { Disabled: false } && string.Equals(current.Stamp, stamp, StringComparison.Ordinal);
    }
}

/// <summary>A user's security stamp and whether the account is disabled.</summary>
public sealed record UserStamp(string? Stamp, bool Disabled);
