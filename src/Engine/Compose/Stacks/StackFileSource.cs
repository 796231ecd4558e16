using Portal.Engine.Compose.Loading;

namespace Portal.Engine.Compose.Stacks;

/// <summary>A stored stack's files as the loader reads them: the compose files by name and <c>.env</c>; nothing else exists.</summary>
public sealed class StackFileSource(IReadOnlyList<ComposeFile> files, string env) : IComposeFileSource
{
    public string? TryRead(string relativePath)
    {
        var path = relativePath.StartsWith("./", StringComparison.Ordinal) ? relativePath[2..] : relativePath;
        if (path == ".env")
        {
            return env;
        }

        return files.FirstOrDefault(f => f.Name == path)?.Content;
    }
}
