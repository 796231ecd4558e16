namespace Portal.Engine.Pipeline;

/// <summary>An operation ended without success; <see cref="Exception.Message"/> is fit to show a person.</summary>
public sealed class OperationFailedException(OperationOutcome outcome, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public OperationOutcome Outcome { get; } = outcome;

    /// <summary>Name of the admission rule that refused the request, if one did.</summary>
    public string? Rule { get; init; }

    /// <summary>The rule's reason without its name (set with <see cref="Rule"/> by admission), for a message that names the rule itself.</summary>
    public string? Reason { get; init; }

    /// <summary>
    /// The request field the failure is about, in the REST request's JSON names (<c>image</c>, <c>ports[0]</c>,
    /// <c>binds[1]</c>); null when it concerns the request as a whole. Forms mark the input; the API answers it as <c>field</c>.
    /// </summary>
    public string? Field { get; init; }

    /// <summary>
    /// Every problem found when more than one was (every refused service of a stack, say), each with its field and
    /// rule; empty when the failure is the one problem its message says. <see cref="AllProblems"/> reads either way.
    /// </summary>
    public IReadOnlyList<RequestProblem> Problems { get; init; } = [];

    /// <summary>The problems, at least one: <see cref="Problems"/>, or this failure's own message, field and rule.</summary>
    public IReadOnlyList<RequestProblem> AllProblems => Problems.Count > 0 ? Problems : [new RequestProblem(Message, Field, Rule)];

    /// <summary>A request that is not valid because of one field; the message names the value.</summary>
    public static OperationFailedException Invalid(string message, string field) => new(OperationOutcome.Invalid, message) { Field = field };

    /// <summary>This failure, said of <paramref name="field"/> unless it already names a field.</summary>
    public OperationFailedException AtField(string field) =>
        Field is not null ? this : new(Outcome, Message, InnerException) { Rule = Rule, Reason = Reason, Field = field, Problems = Problems };

    /// <summary>The value <paramref name="parse"/> reads, or its failure said of <paramref name="field"/> (unless it names a field itself).</summary>
    public static T AboutField<T>(string field, Func<T> parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        try
        {
            return parse();
        }
        catch (OperationFailedException ex)
        {
            throw ex.AtField(field);
        }
    }

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
    /// <param name="field">The request field that holds the name.</param>
    public static OperationFailedException NameTaken(string kind, string name, string field = "name") =>
        new(OperationOutcome.Conflict, $"The {kind} name '{name}' is taken; choose another name.") { Field = field };
}
