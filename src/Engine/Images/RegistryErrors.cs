using Portal.Engine.Pipeline;

namespace Portal.Engine.Images;

/// <summary>Turns the engine's registry error texts into outcomes a person can act on.</summary>
public static class RegistryErrors
{
    public static OperationFailedException Classify(string message, string reference, Exception? inner)
    {
        var m = message.ToLowerInvariant();
        if (m.Contains("invalid reference format", StringComparison.Ordinal))
        {
            return new OperationFailedException(OperationOutcome.Invalid, $"'{reference}' is not a valid image reference.", inner);
        }

        if (m.Contains("connection refused", StringComparison.Ordinal) || m.Contains("no such host", StringComparison.Ordinal)
            || m.Contains("i/o timeout", StringComparison.Ordinal) || m.Contains("dial tcp", StringComparison.Ordinal)
            || m.Contains("http response to https client", StringComparison.Ordinal) || m.Contains("tls", StringComparison.Ordinal)
            || m.Contains("network is unreachable", StringComparison.Ordinal))
        {
            return new OperationFailedException(OperationOutcome.EngineError, $"The registry for '{reference}' is unreachable: {message}", inner);
        }

        if (m.Contains("unauthorized", StringComparison.Ordinal) || m.Contains("authentication required", StringComparison.Ordinal)
            || m.Contains("denied", StringComparison.Ordinal) && !m.Contains("does not exist", StringComparison.Ordinal))
        {
            return new OperationFailedException(OperationOutcome.Forbidden, $"The registry refused access to '{reference}' (unauthorized): {message}", inner);
        }

        if (m.Contains("not found", StringComparison.Ordinal) || m.Contains("manifest unknown", StringComparison.Ordinal)
            || m.Contains("does not exist", StringComparison.Ordinal) || m.Contains("name unknown", StringComparison.Ordinal))
        {
            return new OperationFailedException(OperationOutcome.NotFound, $"The registry has no image '{reference}'.", inner);
        }

        return new OperationFailedException(OperationOutcome.EngineError, $"Pulling '{reference}' failed: {message}", inner);
    }
}
