namespace Portal.TestSupport;

/// <summary>Labels the test suites stamp on every engine object they create.</summary>
public static class TestLabels
{
    /// <summary>
    /// Test-session label: its value is the <see cref="DaemonFixture.SessionId"/> of the run that made
    /// the object, and clean-up removes exactly the objects carrying it. It is outside
    /// <c>io.portal.*</c> because Portal reserves that prefix and refuses user labels under it.
    /// </summary>
    public const string Session = "portal-test.session";
}
