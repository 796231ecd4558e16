using System.Diagnostics;

namespace Portal.E2E;

/// <summary>
/// The docker CLI, for what a test does behind Portal's back: checking the image and removing
/// exactly the containers it labelled. Pages and Portal never go this way.
/// </summary>
public static class DockerCli
{
    public static async Task<bool> ImageExistsAsync(string image, CancellationToken cancellationToken) =>
        (await RunAsync(["image", "inspect", "--format", "{{.Id}}", image], cancellationToken)).ExitCode == 0;

    /// <summary>Ids of containers carrying <paramref name="label"/> (key=value), running or not.</summary>
    public static async Task<IReadOnlyList<string>> ContainersWithLabelAsync(string label, CancellationToken cancellationToken)
    {
        var (code, output) = await RunAsync(["ps", "-aq", "--filter", "label=" + label], cancellationToken);
        return code == 0 ? output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
    }

    /// <summary>Force-removes every container carrying <paramref name="label"/>; only those.</summary>
    public static async Task RemoveLabelledAsync(string label, CancellationToken cancellationToken)
    {
        var ids = await ContainersWithLabelAsync(label, cancellationToken);
        if (ids.Count > 0)
        {
            await RunAsync(["rm", "-f", "-v", .. ids], cancellationToken);
        }
    }

    /// <summary>Networks and volumes carrying <paramref name="label"/> (after their containers are gone).</summary>
    public static async Task RemoveLabelledNetworksAndVolumesAsync(string label, CancellationToken cancellationToken)
    {
        await RunCheckedAsync(["network", "prune", "-f", "--filter", "label=" + label], cancellationToken);
        await RunCheckedAsync(["volume", "prune", "-f", "--filter", "label=" + label], cancellationToken);
    }

    /// <summary>Force-removes every image carrying <paramref name="label"/> (key=value), newest first; only those.</summary>
    public static async Task RemoveLabelledImagesAsync(string label, CancellationToken cancellationToken)
    {
        var (code, output) = await RunAsync(["images", "-aq", "--no-trunc", "--filter", "label=" + label], cancellationToken);
        var ids = code == 0 ? output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList() : [];
        if (ids.Count > 0)
        {
            await RunAsync(["rmi", "-f", .. ids], cancellationToken);
        }
    }

    /// <summary>Runs the CLI with <paramref name="args"/>, failing the test with its output when it fails.</summary>
    public static async Task<string> RunCheckedAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var (code, output) = await RunAsync(args, cancellationToken);
        return code == 0 ? output : throw new InvalidOperationException($"docker {string.Join(' ', args)} failed ({code}): {output}");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-H");
        start.ArgumentList.Add("unix://" + E2EEnvironment.DockerSocket);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            var stderr = await errors;
            return (process.ExitCode, process.ExitCode == 0 ? await output : await output + stderr);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No docker CLI on PATH: report failure like a missing image.
            return (-1, "");
        }
    }
}
