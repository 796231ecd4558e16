using Portal.Engine.Containers;

namespace Portal.Engine.Pipeline.Admission;

/// <summary>Privileged mode gives the container the host's devices and all capabilities.</summary>
public sealed class NoPrivilegedRule : IAdmissionRule
{
    public string Name => "no-privileged";

    public string? Check(ContainerSpec spec) => spec.Privileged ? "Privileged containers are reserved for administrators." : null;
}
