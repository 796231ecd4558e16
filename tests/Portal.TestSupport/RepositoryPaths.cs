namespace Portal.TestSupport;

/// <summary>Files of the repository the tests were built from (scripts, docker/).</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding <c>Portal.sln</c>, found above the test's output folder.</summary>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Portal.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Portal.sln not found above " + AppContext.BaseDirectory);
    }
}
