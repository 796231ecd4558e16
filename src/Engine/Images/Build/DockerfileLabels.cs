using System.Text;

namespace Portal.Engine.Images.Build;

/// <summary>
/// Portal's labels as one <c>LABEL</c> line at the end of the Dockerfile. The engine's classic
/// builder turns every entry of the API's <c>labels</c> parameter into a step of its own (a
/// container created and committed per label), so a team build paid two or three extra steps;
/// one line written into the Dockerfile costs one.
/// </summary>
/// <remarks>
/// Only where the result is certain: the labels go to the last stage, as the parameter's do, so a
/// build with a target stage keeps the parameter. Anything that would need quoting rules that
/// depend on the file's escape directive, or a file whose last line continues, also keeps it.
/// </remarks>
public static class DockerfileLabels
{
    /// <summary>A Dockerfile larger than this keeps the labels parameter rather than being read into memory.</summary>
    public const int MaxDockerfileBytes = 1 << 20;

    /// <summary>The Dockerfile with one <c>LABEL</c> line appended, or null when the labels must go by parameter instead.</summary>
    public static string? Append(string dockerfile, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(dockerfile);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count == 0 || dockerfile.Length > MaxDockerfileBytes)
        {
            return null;
        }

        // A last line ending in an escape character would carry on into the appended line.
        var end = dockerfile.TrimEnd();
        if (end.Length > 0 && end[^1] is '\\' or '`')
        {
            return null;
        }

        var line = new StringBuilder("LABEL");
        foreach (var (key, value) in labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            if (key.Length == 0 || key.Any(c => c == '=' || char.IsWhiteSpace(c)) || NeedsEscape(key) || NeedsEscape(value))
            {
                return null;
            }

            line.Append(" \"").Append(key).Append("\"=\"").Append(value).Append('"');
        }

        var separator = dockerfile.Length == 0 || dockerfile.EndsWith('\n') ? "" : "\n";
        return string.Concat(dockerfile, separator, line.ToString(), "\n");
    }

    /// <summary>Characters that mean something inside double quotes (or end the line), whatever the escape character is.</summary>
    private static bool NeedsEscape(string text) => text.Any(c => c is '"' or '$' or '\\' or '`' || char.IsControl(c));
}
