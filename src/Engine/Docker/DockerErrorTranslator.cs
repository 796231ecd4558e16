using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Docker.DotNet;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Docker;

/// <summary>Maps Docker client failures onto Portal's outcomes with messages a person can act on.</summary>
public static class DockerErrorTranslator
{
    /// <summary>Returns the Portal failure for <paramref name="ex"/>, or null when it is not an engine failure.</summary>
    public static OperationFailedException? Translate(Exception ex, string endpoint)
    {
        switch (ex)
        {
            case OperationFailedException failed:
                return failed;
            case DockerApiException api:
                var message = EngineMessage(api);
                var outcome = api.StatusCode switch
                {
                    HttpStatusCode.NotFound => OperationOutcome.NotFound,
                    HttpStatusCode.Conflict => OperationOutcome.Conflict,
                    HttpStatusCode.BadRequest => OperationOutcome.Invalid,
                    HttpStatusCode.Forbidden => OperationOutcome.Forbidden,
                    HttpStatusCode.NotModified => OperationOutcome.Succeeded,
                    _ when IsConflictMessage(message) => OperationOutcome.Conflict,
                    _ => OperationOutcome.EngineError,
                };
                return new OperationFailedException(outcome, Humanize(message), api);
            case HttpRequestException or SocketException or IOException or TimeoutException:
                return new OperationFailedException(OperationOutcome.EngineUnavailable, EngineConnection.Describe(ex, endpoint), ex);
            default:
                return null;
        }
    }

    /// <summary>The daemon's own message from a JSON error body, else the raw body.</summary>
    public static string EngineMessage(DockerApiException ex)
    {
        var body = ex.ResponseBody?.Trim() ?? "";
        if (body.StartsWith('{'))
        {
            try
            {
                using var doc = JsonDocument.Parse(body);
                if (doc.RootElement.TryGetProperty("message", out var m) && m.GetString() is { Length: > 0 } text)
                {
                    return text;
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: fall through to the raw body.
            }
        }

        return body.Length > 0 ? body : ex.StatusCode.ToString();
    }

    private static bool IsConflictMessage(string message) =>
        message.Contains("port is already allocated", StringComparison.OrdinalIgnoreCase)
        || message.Contains("address already in use", StringComparison.OrdinalIgnoreCase)
        || message.Contains("is already in use", StringComparison.OrdinalIgnoreCase);

    private static string Humanize(string message)
    {
        if (message.Contains("port is already allocated", StringComparison.OrdinalIgnoreCase)
            || message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            return "A published host port is already in use by another process or container: " + message;
        }

        return char.ToUpperInvariant(message[0]) + message[1..] + (message.EndsWith('.') ? "" : ".");
    }
}
