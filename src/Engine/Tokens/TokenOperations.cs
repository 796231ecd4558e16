using Portal.Data.Stores;
using Portal.Engine.Pipeline;
using Portal.Engine.Runner;

namespace Portal.Engine.Tokens;

/// <summary>A token just issued; <see cref="Token"/> is the secret, shown this once and never stored.</summary>
public sealed record IssuedToken(int Id, string Token, string Name, bool ReadOnly, DateTime? ExpiresAt);

/// <summary>
/// Personal access tokens through the pipeline: creating and revoking are audited, and a
/// read-only actor can do neither (so a read-only token cannot mint a full one).
/// </summary>
public sealed class TokenOperations(OperationRunner runner, TokenStore tokens, TimeProvider time)
{
    /// <summary>Longest lifetime a token may be given, in days.</summary>
    public const int MaxExpiresInDays = 3650;

    /// <summary>Issues a token for the actor; no expiry when <paramref name="expiresInDays"/> is null.</summary>
    public Task<IssuedToken> CreateAsync(Actor actor, string? name, bool readOnly, int? expiresInDays, CancellationToken cancellationToken)
    {
        var clean = string.IsNullOrWhiteSpace(name) ? "api" : name.Trim();
        return runner.RunAsync(actor, "token.create", clean, async (ctx, ct) =>
        {
            if (clean.Length > 100)
            {
                throw OperationFailedException.Invalid("A token name has at most 100 characters.");
            }

            if (expiresInDays is < 1 or > MaxExpiresInDays)
            {
                throw OperationFailedException.Invalid($"expiresInDays must be between 1 and {MaxExpiresInDays}.");
            }

            DateTime? expires = expiresInDays is { } days ? time.GetUtcNow().UtcDateTime.AddDays(days) : null;
            var (id, secret) = await tokens.CreateAsync(actor.UserId, clean, readOnly, expires, ct).ConfigureAwait(false);
            ctx.Detail = $"token {id}, {(readOnly ? "read-only" : "full")} scope, "
                + (expires is { } e ? $"expires {e:yyyy-MM-dd HH:mm}Z" : "no expiry");
            return new IssuedToken(id, secret, clean, readOnly, expires);
        }, cancellationToken);
    }

    /// <summary>The actor's own tokens (revoked ones marked), never a secret or hash.</summary>
    public async Task<IReadOnlyList<TokenSummary>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var mine = await tokens.ListAsync(actor.UserId, cancellationToken).ConfigureAwait(false);
        return mine.Select(TokenSummary.From).ToList();
    }

    /// <summary>
    /// The bearer of <paramref name="secret"/> when it is a live token (not expired, not revoked),
    /// else null; marks the token used. This is sign-in, not a change: it is not audited here.
    /// </summary>
    public async Task<TokenBearer?> AuthenticateAsync(string secret, CancellationToken cancellationToken)
    {
        var owner = await tokens.ValidateAsync(secret, cancellationToken).ConfigureAwait(false);
        return owner is null ? null : new TokenBearer(owner.TokenId, owner.UserId, owner.UserName, owner.ReadOnly, owner.ExpiresAt);
    }

    /// <summary>Revokes a token: the actor's own, or anyone's for an administrator.</summary>
    /// <remarks>Another person's token is "not found" for a non-admin, exactly like a token that does not exist.</remarks>
    public Task RevokeAsync(Actor actor, int tokenId, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "token.revoke", tokenId.ToString(System.Globalization.CultureInfo.InvariantCulture), async (ctx, ct) =>
        {
            var owner = await tokens.FindOwnerAsync(tokenId, ct).ConfigureAwait(false);
            if (owner is not { } found || (!actor.IsAdmin && found.UserId != actor.UserId))
            {
                throw OperationFailedException.NotFound("token", ctx.Target);
            }

            ctx.Detail = $"'{found.Name}' of {found.UserName}";
            if (!await tokens.RevokeAsync(found.UserId, tokenId, ct).ConfigureAwait(false))
            {
                throw OperationFailedException.Conflict($"Token {tokenId} is already revoked.");
            }
        }, cancellationToken);
}
