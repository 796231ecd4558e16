namespace Portal.Engine.Pipeline;

/// <summary>An operation ended without success; <see cref="Exception.Message"/> is fit to show a person.</summary>
public sealed class OperationFailedException(OperationOutcome outcome, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public OperationOutcome Outcome { get; } = outcome;

    /// <summary>Name of the admission rule that refused the request, if one did.</summary>
    public string? Rule { get; init; }

    public static OperationFailedException NotFound(string kind, string name) =>
        new(OperationOutcome.NotFound, $"No {kind} named '{name}' was found.");

    public static OperationFailedException Forbidden(string message) => new(OperationOutcome.Forbidden, message);

    public static OperationFailedException Invalid(string message) => new(OperationOutcome.Invalid, message);

    public static OperationFailedException Conflict(string message) => new(OperationOutcome.Conflict, message);

    /// <summary>
    /// The one refusal for an engine-wide name (container, volume, network, image tag, compose
    /// project) that something already holds. It is the same whoever holds the name — another
    /// team, the caller's own team, the CLI — so the refusal tells nothing about the holder.
    /// </summary>
    /// <param name="kind">What the name would name, for example <c>network</c> or <c>image tag</c>.</param>
    /// <param name="name">The name as asked for.</param>
    public static OperationFailedException NameTaken(string kind, string name) =>
        new(OperationOutcome.Conflict, $"The {kind} name '{name}' is taken; choose another name.");
}
