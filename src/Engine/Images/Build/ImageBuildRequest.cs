namespace Portal.Engine.Images.Build;

/// <summary>What to build and how (the options of <c>docker build</c> Portal offers).</summary>
public sealed record ImageBuildRequest
{
    /// <summary>Names for the image (<c>-t</c>), each <c>repo[:tag]</c>.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Build-time variables (<c>--build-arg</c>).</summary>
    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();

    /// <summary>Stage to stop at (<c>--target</c>); null builds the last stage.</summary>
    public string? Target { get; init; }

    /// <summary>Path of the Dockerfile inside the context (<c>-f</c>); default <c>Dockerfile</c>.</summary>
    public string? Dockerfile { get; init; }

    /// <summary>Do not use cached layers (<c>--no-cache</c>).</summary>
    public bool NoCache { get; init; }

    /// <summary>Always try to pull newer base images (<c>--pull</c>).</summary>
    public bool Pull { get; init; }

    /// <summary>Image labels (<c>--label</c>); Portal's own team and owner labels are added and cannot be set here.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Network for RUN steps (<c>--network</c>); <c>host</c> is for administrators only.</summary>
    public string? NetworkMode { get; init; }

    /// <summary>Images whose layers the build may reuse as cache (<c>--cache-from</c>).</summary>
    public IReadOnlyList<string> CacheFrom { get; init; } = [];

    /// <summary>Extra <c>/etc/hosts</c> entries for RUN steps (<c>--add-host</c>), each <c>host:ip</c>.</summary>
    public IReadOnlyList<string> ExtraHosts { get; init; } = [];

    /// <summary>Size of <c>/dev/shm</c> for RUN steps in bytes (<c>--shm-size</c>); 0 for the engine's default.</summary>
    public long ShmSize { get; init; }

    /// <summary>The team that will own the image; may be left out when the actor operates exactly one team.</summary>
    public string? Team { get; init; }

    /// <summary>Editor mode: the Dockerfile text; when set the context is this file plus <see cref="Files"/> instead of an archive.</summary>
    public string? DockerfileText { get; init; }

    /// <summary>Editor mode: extra files placed in the context next to the Dockerfile.</summary>
    public IReadOnlyList<BuildFile> Files { get; init; } = [];
}
