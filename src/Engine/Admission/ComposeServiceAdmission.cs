namespace Portal.Engine.Admission;

/// <summary>
/// A compose service's container: judged by every rule a container spec meets (it is one), and named by its
/// service so a refusal can point at the key in the file.
/// </summary>
public sealed record ComposeServiceAdmission(string Service, ContainerSpec Spec, IReadOnlyDictionary<string, string?> ContainerTeams)
    : ContainerAdmission(Spec, ContainerTeams);
