namespace Portal.Engine.Compose.Loading;

/// <summary>
/// Project-relative paths. Portal's stacks have no directory on the host, so where <c>docker compose</c> prints
/// absolute paths the loader prints paths relative to the project directory (<c>./data</c>, <c>sub/.env</c>).
/// </summary>
internal static class ProjectPaths
{
    /// <summary>The directory part of a project-relative file path ("" for the project directory).</summary>
    public static string DirectoryOf(string path)
    {
        var cut = path.Replace('\\', '/').LastIndexOf('/');
        return cut < 0 ? string.Empty : Clean(path[..cut]);
    }

    /// <summary>Resolves <paramref name="path"/> against <paramref name="baseDir"/>; absolute and <c>~</c> paths stay as they are.</summary>
    public static string Join(string baseDir, string path)
    {
        if (path.StartsWith('/') || path.StartsWith('~') || path.Contains("://", StringComparison.Ordinal))
        {
            return path;
        }

        return Clean(baseDir.Length == 0 ? path : baseDir + "/" + path);
    }

    /// <summary>A bind source as printed: relative ones keep a leading <c>./</c> so they read as paths.</summary>
    public static string BindSource(string baseDir, string source)
    {
        var joined = Join(baseDir, source);
        return joined.StartsWith('/') || joined.StartsWith('~') || joined.StartsWith("..", StringComparison.Ordinal)
            ? joined
            : joined == "." ? "." : "./" + joined;
    }

    public static string Clean(string path)
    {
        var cleaned = VolumeSyntax.CleanPath(path.Replace('\\', '/'));
        return cleaned;
    }
}
