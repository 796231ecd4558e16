namespace Portal.Engine.Admission;

/// <summary>Added capabilities (SYS_ADMIN, NET_ADMIN, ALL, …) widen what a container can do to the host.</summary>
public sealed class NoAddedCapabilitiesRule : IAdmissionRule<ContainerAdmission>
{
    public const string Setting = "allowedCapabilities";

    public string Name => "no-added-capabilities";

    public AdmissionRefusal? Check(ContainerAdmission request)
    {
        var refused = request.Spec.CapAdd.Where(c => !Capabilities.IsAllowed(c, request.Settings.AllowedCapabilities)).ToList();
        return refused.Count > 0
            ? new AdmissionRefusal($"Adding capabilities ({string.Join(", ", refused)}) is reserved for administrators unless listed in '{Setting}'.", Setting) { Field = "capAdd" }
            : null;
    }
}
