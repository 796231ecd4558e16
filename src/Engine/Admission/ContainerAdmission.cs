namespace Portal.Engine.Admission;

/// <summary>A container to create now (the run form): the spec and the teams of containers the spec refers to.</summary>
/// <remarks>
/// <c>ContainerTeams</c> holds the owning team of every container named in <c>container:</c> modes
/// and volumes-from, for those that exist and the actor may see; a missing key means "not one of yours".
/// </remarks>
public record ContainerAdmission(ContainerSpec Spec, IReadOnlyDictionary<string, string?> ContainerTeams) : AdmissionRequest
{
    /// <summary>A request with no resolved references (every referenced container reads as a stranger's).</summary>
    public static ContainerAdmission Of(ContainerSpec spec, PolicySettings? settings = null) =>
        new(spec, new Dictionary<string, string?>()) { Settings = settings ?? PolicySettings.Default };

    /// <summary>True when <paramref name="container"/> belongs to the spec's own team and the settings allow sharing within a team.</summary>
    public bool MayShareWith(string container) =>
        Settings.AllowSameTeamSharing && Spec.Team is not null
        && ContainerTeams.TryGetValue(container, out var team) && string.Equals(team, Spec.Team, StringComparison.Ordinal);

    /// <summary>Containers the spec refers to by name (<c>container:</c> network, pid and ipc modes; volumes-from), whose teams the caller resolves.</summary>
    public static IReadOnlyList<string> ReferencedContainers(ContainerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new[] { spec.NetworkMode, spec.PidMode, spec.IpcMode }
            .Where(m => m is not null && m.StartsWith("container:", StringComparison.OrdinalIgnoreCase))
            .Select(m => m!["container:".Length..])
            .Concat(spec.VolumesFrom.Select(v => v.Split(':')[0]))
            .Where(n => n.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    internal override AdmissionRequest WithDefaults() =>
        Spec.MemoryBytes <= 0 && Settings.DefaultMemoryBytes is { } memory ? this with { Spec = Spec with { MemoryBytes = memory } } : this;
}
