using Portal.Engine.Containers;

namespace Portal.Engine.Pipeline.Admission;

/// <summary>The Docker socket inside a container is root on the host.</summary>
public sealed class DockerSocketRule : IAdmissionRule
{
    public string Name => "no-docker-socket";

    public string? Check(ContainerSpec spec) =>
        spec.Binds.Any(IsDockerSocket) || spec.Volumes.Any(IsDockerSocket)
            ? "Mounting the Docker socket is reserved for administrators."
            : null;

    internal static bool IsDockerSocket(string mount)
    {
        var source = mount.Split(':')[0];
        return source.EndsWith("docker.sock", StringComparison.Ordinal) || source is "/var/run" or "/run" or "/run/docker" or "/var/run/docker";
    }
}
