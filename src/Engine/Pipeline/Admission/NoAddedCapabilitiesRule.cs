using Portal.Engine.Containers;

namespace Portal.Engine.Pipeline.Admission;

/// <summary>Added capabilities (SYS_ADMIN, NET_ADMIN, …) widen what a container can do to the host.</summary>
public sealed class NoAddedCapabilitiesRule : IAdmissionRule
{
    public string Name => "no-added-capabilities";

    public string? Check(ContainerSpec spec) =>
        spec.CapAdd.Count > 0 ? $"Adding capabilities ({string.Join(", ", spec.CapAdd)}) is reserved for administrators." : null;
}
