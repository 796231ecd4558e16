using Portal.Engine.Compose.Loading;

namespace Portal.Engine.Compose.Stacks;

/// <summary>A stored stack's files as the loader reads them: its files by name (compose files, and others such as a Dockerfile) and <c>.env</c>.</summary>
public sealed class StackFileSource(IReadOnlyList<ComposeFile> files, string env) : IComposeFileSource
{
    /// <summary>Every stored file, compose files included: what a service's build context is made of.</summary>
    public IReadOnlyList<ComposeFile> Files => files;

    /// <summary>True for the files the loader reads as compose files (<c>.yaml</c>, <c>.yml</c>, <c>.json</c>); the others are context files.</summary>
    public static bool IsComposeFile(string name) =>
        name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    public string? TryRead(string relativePath)
    {
        var path = relativePath.StartsWith("./", StringComparison.Ordinal) ? relativePath[2..] : relativePath;
        if (path == ".env")
        {
            return env;
        }

        // Binary files serve build contexts only; env_file, extends, include, secrets and configs read text.
        return files.FirstOrDefault(f => f.Name == path && !StackFiles.IsBinary(f))?.Content;
    }
}
