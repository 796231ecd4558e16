namespace Portal.Engine.Tokens;

/// <summary>Who presented a valid token: the token, its owner and its expiry (UTC; null: never), for the sign-in of that request.</summary>
public sealed record TokenBearer(int TokenId, string UserId, string UserName, bool ReadOnly, DateTime? ExpiresAt = null);
