namespace Portal.Data.Stores;

/// <summary>One page of results and the total count matching the filter.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total);
