using Portal.Engine.Pipeline;

namespace Portal.Web.Api;

/// <summary>Maps Engine outcomes to HTTP status codes and problem+json bodies, once for every endpoint.</summary>
public static class ApiProblems
{
    public static int StatusOf(OperationOutcome outcome) => outcome switch
    {
        OperationOutcome.NotFound => StatusCodes.Status404NotFound,
        OperationOutcome.Forbidden => StatusCodes.Status403Forbidden,
        OperationOutcome.Invalid => StatusCodes.Status400BadRequest,
        OperationOutcome.Conflict => StatusCodes.Status409Conflict,
        OperationOutcome.EngineUnavailable => StatusCodes.Status503ServiceUnavailable,
        OperationOutcome.EngineError => StatusCodes.Status502BadGateway,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static IResult From(OperationFailedException ex) => Results.Problem(
        detail: ex.Message,
        statusCode: StatusOf(ex.Outcome),
        title: TitleOf(ex.Outcome),
        extensions: ex.Rule is null ? null : new Dictionary<string, object?> { ["rule"] = ex.Rule });

    /// <summary>Endpoint filter: turns Engine failures into problem responses.</summary>
    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (OperationFailedException ex)
        {
            return From(ex);
        }
    }

    private static string TitleOf(OperationOutcome outcome) => outcome switch
    {
        OperationOutcome.NotFound => "Not found",
        OperationOutcome.Forbidden => "Forbidden",
        OperationOutcome.Invalid => "Invalid request",
        OperationOutcome.Conflict => "Conflict",
        OperationOutcome.EngineUnavailable => "Docker engine unavailable",
        _ => "Docker engine error",
    };
}
