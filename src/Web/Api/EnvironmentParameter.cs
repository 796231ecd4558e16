using Portal.Engine.Pipeline;

namespace Portal.Web.Api;

/// <summary>The <c>?environment=</c> query parameter of the lists: <c>all</c> reads every environment the caller may use.</summary>
public static class EnvironmentParameter
{
    public const string All = "all";

    /// <summary>True for <c>environment=all</c>, false when absent; any other value is a bad request naming the right form.</summary>
    public static bool MeansAll(string? environment)
    {
        if (string.IsNullOrWhiteSpace(environment))
        {
            return false;
        }

        return string.Equals(environment.Trim(), All, StringComparison.OrdinalIgnoreCase)
            ? true
            : throw OperationFailedException.Invalid($"environment takes '{All}' here; address one environment with /api/v1/environments/{{env}}/….");
    }
}
