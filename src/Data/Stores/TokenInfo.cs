namespace Portal.Data.Stores;

/// <summary>What may be shown of a personal access token: everything but the secret and its hash.</summary>
public sealed record TokenInfo(int Id, string Name, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? LastUsedAt, bool ReadOnly, DateTime? RevokedAt)
{
    public bool Revoked => RevokedAt is not null;
}
