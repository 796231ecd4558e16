namespace Portal.Engine.Pipeline;

/// <summary>The small set of ways an operation ends; the web layer maps each to one status code.</summary>
public enum OperationOutcome
{
    Succeeded,

    /// <summary>No such object, or one the actor may not see (never distinguished for non-admins).</summary>
    NotFound,

    /// <summary>The actor may see the object but not do this, or admission refused the spec.</summary>
    Forbidden,

    /// <summary>The request is malformed or names something that cannot work.</summary>
    Invalid,

    /// <summary>The request clashes with the engine's state (name in use, port allocated, object in use).</summary>
    Conflict,

    /// <summary>The engine failed the call for another reason.</summary>
    EngineError,

    /// <summary>The engine cannot be reached.</summary>
    EngineUnavailable,
}
