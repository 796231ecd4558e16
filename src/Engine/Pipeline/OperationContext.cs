namespace Portal.Engine.Pipeline;

/// <summary>What one run of the pipeline learns as it goes; the audit entry is written from it.</summary>
public sealed class OperationContext(Actor actor, string action, string target)
{
    public Actor Actor { get; } = actor;

    public string Action { get; } = action;

    /// <summary>The object's name as the actor named it, refined once access resolved it.</summary>
    public string Target { get; set; } = target;

    /// <summary>Owning team of the object, once known.</summary>
    public string? Team { get; set; }

    /// <summary>
    /// The environment the operation works on; its audit entry carries it. An operation on an environment itself
    /// (create, edit, grant) names that environment once it is known, not the one the request was routed through.
    /// </summary>
    public EngineEnvironment Environment { get; set; } = new(0, "");

    /// <summary>Extra detail for the audit entry on success.</summary>
    public string? Detail { get; set; }
}
