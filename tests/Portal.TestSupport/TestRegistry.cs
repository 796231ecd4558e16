namespace Portal.TestSupport;

/// <summary>The throw-away plain-HTTP registry on a loopback port that <c>scripts/test.sh</c> starts.</summary>
public static class TestRegistry
{
    /// <summary>
    /// <c>127.0.0.1:&lt;port&gt;</c> from <c>PORTAL_TEST_REGISTRY</c>. Registry tests never skip:
    /// without it they fail, saying how to get one.
    /// </summary>
    public static string Address =>
        Environment.GetEnvironmentVariable("PORTAL_TEST_REGISTRY") is { Length: > 0 } address
            ? address
            : throw new InvalidOperationException(
                "PORTAL_TEST_REGISTRY is not set: registry tests need the loopback registry that scripts/test.sh starts "
                + "(start_registry in scripts/lib/prereqs.sh). They fail rather than skip"
                + (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase) ? " (CI=true)." : "."));
}
