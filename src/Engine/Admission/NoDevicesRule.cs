namespace Portal.Engine.Admission;

/// <summary>Host devices give direct access to hardware.</summary>
public sealed class NoDevicesRule : IAdmissionRule<ContainerAdmission>
{
    public const string Setting = "allowDevices";

    public string Name => "no-devices";

    public AdmissionRefusal? Check(ContainerAdmission request) =>
        request.Spec.Devices.Count > 0 && !request.Settings.AllowDevices
            ? new AdmissionRefusal($"Mapping host devices ({string.Join(", ", request.Spec.Devices)}) is reserved for administrators.", Setting) { Field = "devices" }
            : null;
}
