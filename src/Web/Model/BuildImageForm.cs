using Portal.Engine.Images.Build;

namespace Portal.Web.Model;

/// <summary>The build page's fields as typed, turned into an engine request in one place so the page stays thin.</summary>
public sealed class BuildImageForm
{
    /// <summary>Image names, separated by spaces, commas or lines.</summary>
    public string? Tags { get; set; }

    /// <summary>Build args, one KEY=VALUE per line.</summary>
    public string? BuildArgs { get; set; }

    /// <summary>Labels, one KEY=VALUE per line.</summary>
    public string? Labels { get; set; }

    public string? Target { get; set; }

    public string? Dockerfile { get; set; }

    public bool NoCache { get; set; }

    public bool Pull { get; set; }

    public string? NetworkMode { get; set; }

    public string? Team { get; set; }

    /// <summary>The Dockerfile typed in the editor mode.</summary>
    public string DockerfileText { get; set; } = "FROM portal-test/busybox:latest\nRUN echo hello\n";

    /// <summary>The request for an archive build, or, with <paramref name="editorFiles"/>, for an editor build.</summary>
    public ImageBuildRequest ToRequest(IReadOnlyList<BuildFile>? editorFiles) => new()
    {
        Tags = (Tags ?? "").Split([' ', ',', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries),
        BuildArgs = KeyValueLines.Parse(BuildArgs, "build arg"),
        Labels = KeyValueLines.Parse(Labels, "label"),
        Target = Target,
        Dockerfile = Dockerfile,
        NoCache = NoCache,
        Pull = Pull,
        NetworkMode = NetworkMode,
        Team = Team,
        DockerfileText = editorFiles is null ? null : DockerfileText,
        Files = editorFiles ?? [],
    };
}
