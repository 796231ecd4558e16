namespace Portal.Engine.Pipeline;

/// <summary>The words the audit log uses for outcomes.</summary>
public static class OutcomeNames
{
    public static string Of(OperationOutcome outcome) => outcome switch
    {
        OperationOutcome.Succeeded => "succeeded",
        OperationOutcome.NotFound => "not-found",
        OperationOutcome.Forbidden => "forbidden",
        OperationOutcome.Invalid => "invalid",
        OperationOutcome.Conflict => "conflict",
        OperationOutcome.EngineUnavailable => "engine-unavailable",
        _ => "engine-error",
    };
}
