namespace Portal.Engine.Admission;

/// <summary>Privileged mode gives the container the host's devices and all capabilities.</summary>
public sealed class NoPrivilegedRule : IAdmissionRule<ContainerAdmission>
{
    public const string Setting = "allowPrivileged";

    public string Name => "no-privileged";

    public AdmissionRefusal? Check(ContainerAdmission request) =>
        request.Spec.Privileged && !request.Settings.AllowPrivileged
            ? new AdmissionRefusal("Privileged containers are reserved for administrators.", Setting) { Field = "privileged" }
            : null;
}
