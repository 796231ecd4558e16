namespace Portal.Engine.Compose.Planning;

/// <summary>How <c>up</c> plans.</summary>
public sealed record PlanOptions
{
    /// <summary>Remove containers of services no longer in the project, and networks it no longer declares.</summary>
    public bool RemoveOrphans { get; init; } = true;

    /// <summary>Recreate every container even when nothing changed (<c>--force-recreate</c>).</summary>
    public bool ForceRecreate { get; init; }

    /// <summary>Replica counts that override the file (<c>--scale web=3</c>).</summary>
    public IReadOnlyDictionary<string, int> Scale { get; init; } = new Dictionary<string, int>();

    public static PlanOptions Default { get; } = new();
}
