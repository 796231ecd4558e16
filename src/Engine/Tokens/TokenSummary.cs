using Portal.Data.Stores;

namespace Portal.Engine.Tokens;

/// <summary>A personal access token as its owner sees it: never the secret or its hash.</summary>
public sealed record TokenSummary(int Id, string Name, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? LastUsedAt, bool ReadOnly, DateTime? RevokedAt)
{
    /// <summary>True once the token was revoked (it stays listed, marked).</summary>
    public bool Revoked => RevokedAt is not null;

    internal static TokenSummary From(TokenInfo token) =>
        new(token.Id, token.Name, token.CreatedAt, token.ExpiresAt, token.LastUsedAt, token.ReadOnly, token.RevokedAt);
}
