namespace Portal.Engine.Admission;

/// <summary>Sysctls outside the allow-list change kernel behaviour beyond the container.</summary>
public sealed class NoSysctlsRule : IAdmissionRule<ContainerAdmission>
{
    public const string Setting = "allowedSysctls";

    public string Name => "no-sysctls";

    public AdmissionRefusal? Check(ContainerAdmission request)
    {
        var refused = request.Spec.Sysctls.Keys.Where(k => !Sysctls.IsAllowed(k, request.Settings.AllowedSysctls)).ToList();
        return refused.Count > 0
            ? new AdmissionRefusal($"Sysctls ({string.Join(", ", refused)}) are reserved for administrators unless listed in '{Setting}'.", Setting) { Field = "sysctls" }
            : null;
    }
}
