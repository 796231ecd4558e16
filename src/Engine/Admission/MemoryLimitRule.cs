namespace Portal.Engine.Admission;

/// <summary>When the admin requires it, every container of a non-admin carries a memory limit.</summary>
/// <remarks>Runs after the default limit has been applied, so it only refuses when there is no default.</remarks>
public sealed class MemoryLimitRule : IAdmissionRule<ContainerAdmission>
{
    public const string Setting = "requireMemoryLimit";

    public string Name => "memory-limit-required";

    public AdmissionRefusal? Check(ContainerAdmission request) =>
        request.Settings.RequireMemoryLimit && request.Spec.MemoryBytes <= 0
            ? new AdmissionRefusal($"Containers must set a memory limit here; set one, or an administrator sets 'defaultMemoryBytes' or turns off '{Setting}'.", Setting) { Field = "memory" }
            : null;
}
