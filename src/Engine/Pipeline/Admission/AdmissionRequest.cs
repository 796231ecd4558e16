using Portal.Engine.Containers;

namespace Portal.Engine.Pipeline.Admission;

/// <summary>What a rule judges: the spec, the settings in force and the teams of containers the spec refers to.</summary>
/// <remarks>
/// <c>ContainerTeams</c> holds the owning team of every container named in <c>container:</c> modes
/// and volumes-from, for those that exist and the actor may see; a missing key means "not one of yours".
/// </remarks>
public sealed record AdmissionRequest(ContainerSpec Spec, PolicySettings Settings, IReadOnlyDictionary<string, string?> ContainerTeams)
{
    public static AdmissionRequest Of(ContainerSpec spec, PolicySettings? settings = null) =>
        new(spec, settings ?? PolicySettings.Default, new Dictionary<string, string?>());

    /// <summary>True when <paramref name="container"/> belongs to the spec's own team and the settings allow sharing within a team.</summary>
    public bool MayShareWith(string container) =>
        Settings.AllowSameTeamSharing && Spec.Team is not null
        && ContainerTeams.TryGetValue(container, out var team) && string.Equals(team, Spec.Team, StringComparison.Ordinal);
}
