namespace Portal.E2E;

/// <summary>What the browser tests need from the machine, and what to do when it is missing.</summary>
public static class E2EEnvironment
{
    public static string Chromium => Environment.GetEnvironmentVariable("PLAYWRIGHT_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static string DockerSocket => "/var/run/docker.sock";

    public static string TestImage => Environment.GetEnvironmentVariable("PORTAL_TEST_IMAGE") is { Length: > 0 } image ? image : "portal-test/busybox:latest";

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    /// <summary>Skips on a developer machine without Chromium or Docker; fails on CI, where a skip would hide a broken set-up.</summary>
    public static async Task RequireAsync(CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        if (!File.Exists(Chromium))
        {
            missing.Add($"Chromium at {Chromium} (apt-get install chromium)");
        }

        if (!File.Exists(DockerSocket))
        {
            missing.Add($"a Docker engine at {DockerSocket}");
        }
        else if (!await DockerCli.ImageExistsAsync(TestImage, cancellationToken))
        {
            missing.Add($"the test image {TestImage} (scripts/test.sh imports it)");
        }

        if (missing.Count == 0)
        {
            return;
        }

        // Like the engine tests, browser tests never skip: a missing prerequisite is a failure that says what to install.
        Assert.Fail("Browser tests need " + string.Join(" and ", missing) + (IsCi ? " (CI=true)." : "; scripts/test.sh installs and starts them."));
    }
}
