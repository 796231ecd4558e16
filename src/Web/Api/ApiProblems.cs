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
        extensions: Extensions(ex));

    /// <summary>
    /// What a client needs to point at the problem: <c>rule</c> (the first refusing rule), <c>field</c> (the request
    /// field it is about), <c>errors</c> (field → messages, the shape of ASP.NET's validation problems) and, when
    /// several things are wrong at once, <c>problems</c> (each with its message, field and rule). Absent when empty.
    /// </summary>
    private static Dictionary<string, object?>? Extensions(OperationFailedException ex)
    {
        var extensions = new Dictionary<string, object?>();
        if (ex.Rule is not null)
        {
            extensions["rule"] = ex.Rule;
        }

        if (ex.Field is not null)
        {
            extensions["field"] = ex.Field;
        }

        var problems = ex.AllProblems;
        var errors = problems.Where(p => p.Field is not null).GroupBy(p => p.Field!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray(), StringComparer.Ordinal);
        if (errors.Count > 0)
        {
            extensions["errors"] = errors;
        }

        if (ex.Problems.Count > 0)
        {
            extensions["problems"] = ex.Problems.Select(p => new { message = p.Message, field = p.Field, rule = p.Rule }).ToArray();
        }

        return extensions.Count == 0 ? null : extensions;
    }

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
