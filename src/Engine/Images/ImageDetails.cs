namespace Portal.Engine.Images;

/// <summary>What <c>docker image inspect</c> and <c>docker history</c> tell about an image, trimmed to what people read.</summary>
public sealed record ImageDetails
{
    public required ImageSummary Summary { get; init; }

    public IReadOnlyList<string> Digests { get; init; } = [];

    public IReadOnlyList<string> Entrypoint { get; init; } = [];

    public IReadOnlyList<string> Command { get; init; } = [];

    public IReadOnlyList<string> Env { get; init; } = [];

    public IReadOnlyList<string> ExposedPorts { get; init; } = [];

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public string WorkingDir { get; init; } = "";

    public string User { get; init; } = "";

    public string Architecture { get; init; } = "";

    public string Os { get; init; } = "";

    public string Author { get; init; } = "";

    /// <summary>Layers, newest first, as <c>docker history</c> lists them.</summary>
    public IReadOnlyList<ImageHistoryEntry> History { get; init; } = [];
}
