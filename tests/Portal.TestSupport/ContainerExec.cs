using Docker.DotNet;
using Docker.DotNet.Models;

namespace Portal.TestSupport;

/// <summary><c>docker exec</c> through the engine API, for tests that look from inside a container.</summary>
public static class ContainerExec
{
    public static async Task<(long ExitCode, string Stdout, string Stderr)> RunAsync(IDockerClient client, string container, IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var exec = await client.Exec.CreateContainerExecAsync(container, new ContainerExecCreateParameters
        {
            Cmd = [.. command],
            AttachStdout = true,
            AttachStderr = true,
        }, cancellationToken);
        using var stream = await client.Exec.StartContainerExecAsync(exec.ID, new ContainerExecStartParameters(), cancellationToken);
        var (stdout, stderr) = await stream.ReadOutputToEndAsync(cancellationToken);
        var inspect = await client.Exec.InspectContainerExecAsync(exec.ID, cancellationToken);
        return (inspect.ExitCode ?? -1, stdout, stderr);
    }
}
