using System.Globalization;

namespace Portal.Bench;

/// <summary>
/// <c>command --name value …</c>. Every value is bounded: the bench never makes more than
/// <see cref="MaxContainers"/> containers nor runs more than <see cref="MaxIterations"/> iterations.
/// </summary>
internal sealed class BenchArgs
{
    public const int MaxContainers = 5000;
    public const int MaxIterations = 1000;

    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    private BenchArgs(string command) => Command = command;

    public string Command { get; }

    public static BenchArgs Parse(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            throw new ArgumentException("first argument must be a command: setup, resync, measure or cleanup");
        }

        var parsed = new BenchArgs(args[0]);
        for (var i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"expected --name value, got '{args[i]}'");
            }

            parsed._values[args[i][2..]] = args[++i];
        }

        return parsed;
    }

    public string Required(string name) =>
        _values.TryGetValue(name, out var v) && v.Length > 0 ? v : throw new ArgumentException($"--{name} is required for '{Command}'");

    public string Optional(string name, string fallback) => _values.TryGetValue(name, out var v) && v.Length > 0 ? v : fallback;

    public int Int(string name, int fallback, int min, int max)
    {
        if (!_values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"--{name} must be a whole number from {min} to {max}, got '{text}'");
    }

    public long Long(string name, long fallback) =>
        _values.TryGetValue(name, out var text)
            ? long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : throw new ArgumentException($"--{name}: not a number: '{text}'")
            : fallback;

    public string Socket => Optional("socket", "/var/run/docker.sock");

    public string StateDir => Required("state");

    public Guid Session => Guid.TryParse(Required("session"), out var g) ? g : throw new ArgumentException("--session must be a GUID");

    public int Containers => Int("containers", 1000, 1, MaxContainers);

    /// <summary>The admin password comes from the environment, not the command line (visible in ps).</summary>
    public static string AdminPassword =>
        Environment.GetEnvironmentVariable("PORTAL_BENCH_PASSWORD") is { Length: > 0 } p ? p : throw new ArgumentException("PORTAL_BENCH_PASSWORD is not set");
}
