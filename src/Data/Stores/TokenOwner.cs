namespace Portal.Data.Stores;

/// <summary>The user behind a valid access token, and when the token stops being valid (UTC; null: never).</summary>
public sealed record TokenOwner(int TokenId, string UserId, string UserName, bool ReadOnly, string SecurityStamp, DateTime? ExpiresAt = null);
