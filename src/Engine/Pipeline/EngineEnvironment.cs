namespace Portal.Engine.Pipeline;

/// <summary>
/// Which engine an operation, a catalog row, a job, a stack or an audit entry belongs to: the
/// environment's row id in the endpoints table and its name as routes and records show it.
/// </summary>
/// <param name="Id">Row id in the endpoints table; 0 until the environment's row is known (start-up).</param>
/// <param name="Name">Short name, for example <c>local</c>.</param>
public sealed record EngineEnvironment(int Id, string Name);
