using Portal.Data;
using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Users;

/// <summary>
/// The one place an <see cref="Actor"/> for a person is built: their teams, roles and per-team
/// permissions are read here, so every way of signing in (cookie, token, password exchange) gets
/// the same actor for the same person.
/// </summary>
/// <remarks>
/// Every API request and hub call needs its caller's actor: one is kept per person until an access row
/// changes (<see cref="AccessVersion"/>) or <see cref="AccessVersion.MaxAge"/> passed (a write by another
/// process on the same database), so a busy client costs no query per request.
/// </remarks>
public sealed class ActorLoader(TeamStore teams, EnvironmentGrantStore grants, AccountStatusStore accounts, AccessVersion version, TimeProvider time)
{
    private readonly AccessKept<(string UserId, string UserName, bool IsAdmin, bool ReadOnly), Actor> _kept = new(version, time);

    /// <summary>The actor for a signed-in user; <paramref name="readOnly"/> for a read-only token.</summary>
    public Task<Actor> LoadAsync(string userId, string userName, bool isAdmin, bool readOnly, CancellationToken cancellationToken) =>
        _kept.GetAsync((userId, userName, isAdmin, readOnly), () => ReadAsync(userId, userName, isAdmin, readOnly, cancellationToken), _ => true);

    private async Task<Actor> ReadAsync(string userId, string userName, bool isAdmin, bool readOnly, CancellationToken cancellationToken)
    {
        var memberships = await teams.GetMembershipsAsync(userId, cancellationToken).ConfigureAwait(false);
        var granted = await grants.ForTeamsAsync(memberships.Select(m => m.Team).ToList(), cancellationToken).ConfigureAwait(false);
        return new Actor(
            userId,
            userName,
            isAdmin,
            memberships.ToDictionary(m => m.Team, m => m.Role, StringComparer.OrdinalIgnoreCase),
            readOnly,
            memberships.Where(m => m.MayExec).Select(m => m.Team).ToHashSet(StringComparer.OrdinalIgnoreCase),
            memberships.Where(m => m.MaySeeEnvironment).Select(m => m.Team).ToHashSet(StringComparer.OrdinalIgnoreCase))
        {
            EnvironmentGrants = granted,
        };
    }

    /// <summary>
    /// The actor for a sign-in that began earlier, as it is now: null once the account was disabled or deleted or
    /// the access token it came with (<paramref name="tokenId"/>) was revoked or expired.
    /// </summary>
    public async Task<Actor?> ReloadAsync(string userId, string userName, bool isAdmin, bool readOnly, int? tokenId, CancellationToken cancellationToken) =>
        await accounts.StillValidAsync(userId, tokenId, cancellationToken).ConfigureAwait(false)
            ? await LoadAsync(userId, userName, isAdmin, readOnly, cancellationToken).ConfigureAwait(false)
            : null;

    /// <summary>
    /// The actor of a caller of the host administration socket, named <c>host:uid=N</c>:
    /// an administrator when the kernel vouched that it is root or Portal's own user.
    /// </summary>
    public static Actor Host(uint uid, bool isAdmin)
    {
        var name = $"host:uid={uid}";
        return new Actor(name, name, isAdmin, new Dictionary<string, TeamRole>());
    }
}
