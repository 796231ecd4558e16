namespace Portal.Engine.Volumes;

/// <summary>What <c>docker volume inspect</c> tells, for the actor.</summary>
public sealed record VolumeDetails
{
    public required VolumeSummary Summary { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Driver options; only admins see them, since they may name host paths.</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();
}
