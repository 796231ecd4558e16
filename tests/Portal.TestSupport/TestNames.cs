namespace Portal.TestSupport;

/// <summary>Unique names for engine objects, so parallel tests and concurrent runs never collide.</summary>
public static class TestNames
{
    /// <summary>Returns <c>prefix-&lt;guid&gt;</c>, valid as a container, volume or network name.</summary>
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>A short unique token (12 hex characters) for text filters and team names.</summary>
    public static string Token() => Guid.NewGuid().ToString("N")[..12];
}
