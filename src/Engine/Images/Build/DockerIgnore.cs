using System.Text;
using System.Text.RegularExpressions;

namespace Portal.Engine.Images.Build;

/// <summary>
/// A <c>.dockerignore</c> file: patterns are matched against slash-separated context paths, the
/// last matching pattern wins, <c>!</c> re-includes, <c>**</c> spans any number of folders.
/// A pattern that matches a folder also excludes everything under it, as the Docker CLI does.
/// Patterns run on the non-backtracking engine: a file of stars cannot make a match take exponential time.
/// </summary>
public sealed class DockerIgnore
{
    private readonly List<(Regex Pattern, bool Exclude)> _rules = [];

    /// <summary>Parses the file text; blank lines and <c>#</c> comments are skipped.</summary>
    public DockerIgnore(string? text)
    {
        foreach (var raw in (text ?? "").Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var exclude = !line.StartsWith('!');
            var pattern = Normalize(exclude ? line : line[1..].Trim());
            if (pattern.Length > 0)
            {
                _rules.Add((new Regex("^" + ToRegex(pattern) + "(/.*)?$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking), exclude));
            }
        }
    }

    /// <summary>True when <paramref name="path"/> (context-relative, slash-separated) is left out of the context.</summary>
    public bool IsExcluded(string path)
    {
        var normalized = Normalize(path);
        var excluded = false;
        foreach (var (pattern, exclude) in _rules)
        {
            if (pattern.IsMatch(normalized))
            {
                excluded = exclude;
            }
        }

        return excluded;
    }

    // The CLI cleans patterns like paths: "./a/", "/a" and "a" all mean the same entry.
    private static string Normalize(string path)
    {
        var parts = path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".");
        return string.Join('/', parts);
    }

    private static string ToRegex(string pattern)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                // "**/" matches zero or more folders; a trailing or inner "**" matches anything.
                var slash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                sb.Append(slash ? "(.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (c == '*')
            {
                sb.Append("[^/]*");
            }
            else if (c == '?')
            {
                sb.Append("[^/]");
            }
            else
            {
                sb.Append(Regex.Escape(c.ToString()));
            }
        }

        return sb.ToString();
    }
}
