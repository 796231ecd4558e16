using System.Globalization;
using Portal.Engine.Containers;
using Portal.Web.Utils;

namespace Portal.Web.Model;

/// <summary>
/// The run form as typed: one string per field, multi-line fields one entry a line. Turning it
/// into a <see cref="RunContainerRequest"/> only splits text; the Engine validates the values.
/// </summary>
public sealed class RunContainerForm
{
    /// <summary>Restart policies the form offers.</summary>
    public static IReadOnlyList<string> RestartPolicies { get; } = ["no", "always", "unless-stopped", "on-failure"];

    public string Image { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>Command and arguments in shell-like quoting, split by <see cref="CommandLineSplitter"/>.</summary>
    public string Command { get; set; } = "";

    /// <summary>KEY=VALUE per line.</summary>
    public string Environment { get; set; } = "";

    /// <summary>One port mapping per line, such as <c>8080:80</c>.</summary>
    public string Ports { get; set; } = "";

    /// <summary>One named volume per line: <c>name:/path[:ro]</c>.</summary>
    public string Volumes { get; set; } = "";

    /// <summary>One host-path bind per line: <c>/host/path:/path[:ro]</c>; administrators, or under a prefix the policy allows.</summary>
    public string Binds { get; set; } = "";

    /// <summary>Networks to join, chosen from the team's (and shared) networks; empty uses the default bridge.</summary>
    public IReadOnlyCollection<string> Networks { get; set; } = [];

    public string Restart { get; set; } = "no";

    /// <summary>Memory limit such as <c>256MiB</c> (or <c>256m</c>); empty for none.</summary>
    public string Memory { get; set; } = "";

    /// <summary>CPU limit in cores; empty for none.</summary>
    public string Cpus { get; set; } = "";

    /// <summary>key=value per line.</summary>
    public string Labels { get; set; } = "";

    /// <summary>Owning team; empty means none (admins) or the Engine's choice.</summary>
    public string? Team { get; set; }

    public bool KeepOnFailure { get; set; }

    /// <summary>Builds the request.</summary>
    /// <exception cref="FieldFormatException">A field cannot be split (quotes, label or CPU syntax); the message names it.</exception>
    public RunContainerRequest ToRequest() => new()
    {
        Image = Image.Trim(),
        Name = Blank(Name),
        Command = Field("command", () => CommandLineSplitter.Split(Command)),
        Env = Lines(Environment),
        Ports = Lines(Ports),
        Volumes = Lines(Volumes),
        Binds = Lines(Binds),
        Networks = Networks.ToList(),
        Restart = Blank(Restart),
        Memory = Blank(Memory),
        Cpus = Field("cpus", () => ParseCpus(Cpus)),
        Labels = Field("labels", () => ParseLabels(Labels)),
        Team = Blank(Team),
        KeepOnFailure = KeepOnFailure,
    };

    /// <summary>Non-empty lines, trimmed; environment values keep inner spaces.</summary>
    public static IReadOnlyList<string> Lines(string? text) =>
        (text ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();

    public static IReadOnlyDictionary<string, string> ParseLabels(string? text)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in Lines(text))
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new FormatException($"Label line '{line}' must look like key=value.");
            }

            labels[line[..eq].Trim()] = line[(eq + 1)..].Trim();
        }

        return labels;
    }

    private static double? ParseCpus(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var cpus)
            ? cpus
            : throw new FormatException($"CPUs '{text}' is not a number (for example 0.5).");
    }

    private static T Field<T>(string field, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (FormatException ex) when (ex is not FieldFormatException)
        {
            throw new FieldFormatException(field, ex.Message, ex);
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
