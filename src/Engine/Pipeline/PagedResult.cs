namespace Portal.Engine.Pipeline;

/// <summary>One page of a list an operation serves, and how many items match in all (for <c>X-Total-Count</c> and pagers).</summary>
/// <remarks>Engine's own shape, so no store type reaches a page or a JSON answer; same fields as the store's page.</remarks>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Total);
