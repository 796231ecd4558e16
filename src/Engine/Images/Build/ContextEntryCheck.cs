using Portal.Engine.Pipeline;

namespace Portal.Engine.Images.Build;

/// <summary>
/// Decides whether an archive entry stays inside the build context: no absolute names, no
/// <c>..</c> segments, and no symbolic or hard link whose target lies outside the context.
/// </summary>
public static class ContextEntryCheck
{
    /// <summary>The entry's name cleaned to <c>a/b/c</c>, or an invalid-request failure naming the entry.</summary>
    public static string CleanName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var slashed = name.Replace('\\', '/');
        if (slashed.StartsWith('/') || (slashed.Length > 1 && slashed[1] == ':'))
        {
            throw Refuse(name, "has an absolute path");
        }

        var parts = slashed.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToList();
        if (parts.Contains(".."))
        {
            throw Refuse(name, "contains a '..' segment");
        }

        return string.Join('/', parts);
    }

    /// <summary>Refuses a symbolic link whose target, resolved from the link's folder, leaves the context.</summary>
    public static void CheckSymbolicLink(string cleanName, string target)
    {
        ArgumentNullException.ThrowIfNull(cleanName);
        var folder = cleanName.Contains('/', StringComparison.Ordinal) ? cleanName[..cleanName.LastIndexOf('/')] : "";
        CheckTarget(cleanName, folder, target, "symbolic link");
    }

    /// <summary>Refuses a hard link whose target (named from the context root) leaves the context.</summary>
    public static void CheckHardLink(string cleanName, string target) => CheckTarget(cleanName, "", target, "hard link");

    private static void CheckTarget(string cleanName, string folder, string target, string kind)
    {
        var slashed = (target ?? "").Replace('\\', '/');
        if (slashed.StartsWith('/'))
        {
            throw Refuse(cleanName, $"is a {kind} to the absolute path '{target}' outside the context");
        }

        var depth = folder.Split('/', StringSplitOptions.RemoveEmptyEntries).Length;
        foreach (var part in slashed.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            depth += part switch { ".." => -1, "." => 0, _ => 1 };
            if (depth < 0)
            {
                throw Refuse(cleanName, $"is a {kind} to '{target}', outside the context");
            }
        }
    }

    private static OperationFailedException Refuse(string name, string why) =>
        OperationFailedException.Invalid($"The build context entry '{name}' {why}; such entries are refused.");
}
