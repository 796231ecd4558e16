using System.Diagnostics;

namespace Portal.IntegrationTests.Compose;

/// <summary>The <c>docker</c> and <c>docker-compose</c> CLIs, for checking that Portal and the CLI see the same stacks.</summary>
public static class DockerCli
{
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken, string? workingDirectory = null) =>
        RunToolAsync("docker", args, cancellationToken, workingDirectory);

    /// <summary>Runs a CLI; a missing binary fails the test with what to install, never skips it.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunToolAsync(string tool, IReadOnlyList<string> args, CancellationToken cancellationToken, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory ?? "" };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"'{tool}' is not installed; install Debian's {(tool == "docker" ? "docker.io" : tool)} package.", ex);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return (process.ExitCode, await output, await errors);
        }
    }
}
