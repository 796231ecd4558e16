using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Portal.IntegrationTests.Stats;

/// <summary>
/// <c>docker stats --no-stream --format '{{json .}}'</c>, the reference the figures are checked
/// against. Tests only: Portal itself never calls the CLI.
/// </summary>
internal static class DockerStatsCli
{
    public sealed record Reading(double CpuPercent, double MemoryUsed, double MemoryLimit, int Pids);

    public static async Task<Reading> ReadAsync(string container, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["stats", "--no-stream", "--format", "{{json .}}", container])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("The docker CLI did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"docker stats failed: {await errors}");
        }

        var json = JsonDocument.Parse(await output).RootElement;
        var mem = json.GetProperty("MemUsage").GetString()!.Split(" / ");
        return new Reading(
            double.Parse(json.GetProperty("CPUPerc").GetString()!.TrimEnd('%'), CultureInfo.InvariantCulture),
            ParseSize(mem[0]),
            ParseSize(mem[1]),
            int.Parse(json.GetProperty("PIDs").GetString()!, CultureInfo.InvariantCulture));
    }

    /// <summary>The CLI's binary units for memory: <c>48.2MiB</c>, <c>1.944GiB</c>, <c>512KiB</c>, <c>0B</c>.</summary>
    public static double ParseSize(string text)
    {
        text = text.Trim();
        foreach (var (unit, factor) in (ReadOnlySpan<(string, double)>)[("GiB", 1024d * 1024 * 1024), ("MiB", 1024d * 1024), ("KiB", 1024d), ("B", 1d)])
        {
            if (text.EndsWith(unit, StringComparison.Ordinal))
            {
                return double.Parse(text[..^unit.Length], CultureInfo.InvariantCulture) * factor;
            }
        }

        throw new FormatException($"Unknown size '{text}'.");
    }
}
