using System.Diagnostics;

namespace Portal.Bench.Engine;

/// <summary>Runs the <c>docker</c> CLI against the local socket and returns everything it printed.</summary>
internal sealed class DockerCli(string socketPath)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    /// <summary>The <c>docker</c> arguments for <c>ps -a</c> as JSON lines, optionally filtered by name.</summary>
    public static string[] PsArguments(string? nameFilter) => nameFilter is null
        ? ["ps", "-a", "--no-trunc", "--format", "{{json .}}"]
        : ["ps", "-a", "--no-trunc", "--filter", "name=" + nameFilter, "--format", "{{json .}}"];

    /// <summary>Spawns <c>docker -H unix://… args</c>, drains stdout and stderr, waits for exit; throws on failure.</summary>
    public async Task<byte[]> RunAsync(IReadOnlyList<string> arguments, CancellationToken ct)
    {
        var start = new ProcessStartInfo("docker")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Bound to the local socket whatever DOCKER_HOST or the current context says.
        start.ArgumentList.Add("-H");
        start.ArgumentList.Add("unix://" + socketPath);
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start docker");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(s_timeout);
        try
        {
            using var stdout = new MemoryStream();
            var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout, timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await Task.WhenAll(copy, stderr, process.WaitForExitAsync(timeout.Token));
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"docker {string.Join(' ', arguments)} exited {process.ExitCode}: {(await stderr).Trim()}");
            }

            return stdout.ToArray();
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }

    /// <summary>Number of non-empty lines (one container per line with <c>{{json .}}</c>).</summary>
    public static int CountLines(byte[] output)
    {
        var lines = 0;
        var inLine = false;
        foreach (var b in output)
        {
            if (b == (byte)'\n')
            {
                lines += inLine ? 1 : 0;
                inLine = false;
            }
            else if (b is not (byte)'\r' and not (byte)' ')
            {
                inLine = true;
            }
        }

        return lines + (inLine ? 1 : 0);
    }
}
