namespace Portal.Engine.Compose.Loading;

/// <summary>
/// One parsed, interpolated and schema-checked file, with its services resolved (extends applied,
/// canonicalized) on demand and at most once.
/// </summary>
internal sealed class ComposeFileModel(string name, string baseDir, MapNode root, Func<string, string?> lookup)
{
    public string Name { get; } = name;

    /// <summary>Directory (project-relative) that relative paths in this file are resolved against.</summary>
    public string BaseDir { get; } = baseDir;

    public MapNode Root { get; } = root;

    public Func<string, string?> Lookup { get; } = lookup;

    /// <summary>Services already resolved, by name.</summary>
    public Dictionary<string, MapNode> Resolved { get; } = new(StringComparer.Ordinal);
}
