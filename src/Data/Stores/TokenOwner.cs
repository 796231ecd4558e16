namespace Portal.Data.Stores;

/// <summary>The user behind a valid access token.</summary>
public sealed record TokenOwner(int TokenId, string UserId, string UserName, bool ReadOnly, string SecurityStamp);
