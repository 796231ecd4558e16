using Portal.Engine.Containers;

namespace Portal.Engine.Pipeline.Admission;

/// <summary>Turning off seccomp, AppArmor or SELinux removes the kernel's guard rails.</summary>
public sealed class NoUnconfinedSecurityRule : IAdmissionRule
{
    public string Name => "no-unconfined-security";

    public string? Check(ContainerSpec spec)
    {
        var bad = spec.SecurityOpt.Where(o =>
            o.Contains("unconfined", StringComparison.OrdinalIgnoreCase)
            || o.StartsWith("label=disable", StringComparison.OrdinalIgnoreCase)
            || o.StartsWith("label:disable", StringComparison.OrdinalIgnoreCase)
            || o.Equals("no-new-privileges=false", StringComparison.OrdinalIgnoreCase)).ToList();
        return bad.Count > 0 ? $"Security options ({string.Join(", ", bad)}) are reserved for administrators." : null;
    }
}
