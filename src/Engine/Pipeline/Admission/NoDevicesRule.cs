using Portal.Engine.Containers;

namespace Portal.Engine.Pipeline.Admission;

/// <summary>Host devices give direct access to hardware.</summary>
public sealed class NoDevicesRule : IAdmissionRule
{
    public string Name => "no-devices";

    public string? Check(ContainerSpec spec) =>
        spec.Devices.Count > 0 ? $"Mapping host devices ({string.Join(", ", spec.Devices)}) is reserved for administrators." : null;
}
