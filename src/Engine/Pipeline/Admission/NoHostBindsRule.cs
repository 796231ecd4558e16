using Portal.Engine.Containers;

namespace Portal.Engine.Pipeline.Admission;

/// <summary>A bind mount of a host path reads or writes the host's files as root.</summary>
public sealed class NoHostBindsRule : IAdmissionRule
{
    public string Name => "no-host-binds";

    public string? Check(ContainerSpec spec) =>
        spec.Binds.Count > 0 && !spec.Binds.Any(DockerSocketRule.IsDockerSocket)
            ? $"Mounting host paths ({string.Join(", ", spec.Binds.Select(b => b.Split(':')[0]))}) is reserved for administrators; use a named volume."
            : null;
}
