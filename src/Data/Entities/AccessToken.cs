namespace Portal.Data.Entities;

/// <summary>A personal access token; only a SHA-256 hash of the secret is stored.</summary>
public sealed class AccessToken
{
    public int Id { get; set; }

    public required string UserId { get; set; }

    public PortalUser? User { get; set; }

    public required string Name { get; set; }

    /// <summary>Hex SHA-256 of the whole token string.</summary>
    public required string Hash { get; set; }

    public bool ReadOnly { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? ExpiresAt { get; set; }

    public DateTime? LastUsedAt { get; set; }

    public DateTime? RevokedAt { get; set; }
}
