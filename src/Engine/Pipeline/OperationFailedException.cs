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
}
