namespace Portal.Data.Stores;

/// <summary>A team with its member count.</summary>
public sealed record TeamInfo(int Id, string Name, string? Description, int Members, DateTime CreatedAt);
