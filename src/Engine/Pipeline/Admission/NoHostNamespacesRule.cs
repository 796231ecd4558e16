using Portal.Engine.Containers;

namespace Portal.Engine.Pipeline.Admission;

/// <summary>Host namespaces, or another container's, break the isolation between teams.</summary>
public sealed class NoHostNamespacesRule : IAdmissionRule
{
    public string Name => "no-host-namespaces";

    public string? Check(ContainerSpec spec)
    {
        var offending = new[]
        {
            ("network", spec.NetworkMode),
            ("PID", spec.PidMode),
            ("IPC", spec.IpcMode),
            ("UTS", spec.UtsMode),
            ("user", spec.UsernsMode),
        }.Where(p => IsShared(p.Item2)).Select(p => $"{p.Item1} mode '{p.Item2}'").ToList();
        return offending.Count > 0
            ? $"Sharing the host's or another container's namespaces ({string.Join(", ", offending)}) is reserved for administrators."
            : null;
    }

    private static bool IsShared(string? mode) =>
        mode is not null && (mode.Equals("host", StringComparison.OrdinalIgnoreCase) || mode.StartsWith("container:", StringComparison.OrdinalIgnoreCase));
}
