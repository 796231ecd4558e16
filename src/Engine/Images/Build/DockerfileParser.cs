using System.Text;
using System.Text.RegularExpressions;

namespace Portal.Engine.Images.Build;

/// <summary>
/// Reads a Dockerfile into instructions the way the engine's parser does: a byte-order mark and parser
/// directives at the top (<c># escape=</c>), comment lines, lines continued by the escape character (comment
/// and blank lines inside a continuation are skipped), keywords in any case, and leading <c>--flag=value</c>
/// words. Heredocs are not understood.
/// </summary>
public static partial class DockerfileParser
{
    /// <summary>
    /// The escape characters the engine may read <paramref name="text"/> with. Engines disagree on whether a
    /// <c># escape=</c> line still counts after another directive (<c># syntax=</c>); both readings are given then.
    /// </summary>
    public static IReadOnlyList<char> EscapeCandidates(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        char? strict = null;
        char? lenient = null;
        var strictOpen = true;
        foreach (var raw in Lines(text))
        {
            var line = raw.TrimStart();
            var match = DirectiveLine().Match(line);
            if (!match.Success)
            {
                break;
            }

            var key = match.Groups[1].Value.ToLowerInvariant();
            if (key == "escape")
            {
                var value = match.Groups[2].Value[0];
                lenient ??= value;
                if (strictOpen)
                {
                    strict ??= value;
                }
            }
            else if (key is not ("syntax" or "check"))
            {
                break;
            }

            // The older parser knows only the escape directive: any other line ends its directives.
            strictOpen &= key == "escape";
        }

        return new[] { strict ?? '\\', lenient ?? '\\' }.Distinct().ToList();
    }

    /// <summary>The instructions of <paramref name="text"/> read with <paramref name="escape"/> as the escape character.</summary>
    public static IReadOnlyList<DockerfileInstruction> Parse(string text, char escape = '\\')
    {
        ArgumentNullException.ThrowIfNull(text);
        var continuation = new Regex(Regex.Escape(escape.ToString()) + @"[ \t]*$", RegexOptions.CultureInvariant);
        var lines = Lines(text);
        var result = new List<DockerfileInstruction>();
        for (var i = 0; i < lines.Count; i++)
        {
            var first = lines[i].TrimStart();
            if (first.Length == 0 || first[0] == '#')
            {
                continue;
            }

            var start = i + 1;
            var joined = new StringBuilder();
            var line = first;
            while (true)
            {
                var ends = !continuation.IsMatch(line);
                joined.Append(ends ? line : continuation.Replace(line, ""));
                if (ends || i + 1 >= lines.Count)
                {
                    break;
                }

                // Inside a continuation, comment and blank lines are skipped; other lines keep their leading space.
                do
                {
                    i++;
                }
                while (i < lines.Count && lines[i].TrimStart() is var t && (t.Length == 0 || t[0] == '#'));

                if (i >= lines.Count)
                {
                    break;
                }

                line = lines[i];
            }

            var text1 = joined.ToString().Trim();
            var space = text1.IndexOfAny([' ', '\t', '\v', '\f', '\r']);
            var keyword = space < 0 ? text1 : text1[..space];
            result.Add(new DockerfileInstruction(keyword.ToUpperInvariant(), space < 0 ? "" : text1[(space + 1)..].Trim(), start));
        }

        return result;
    }

    /// <summary>
    /// Splits the leading <c>--name=value</c> words off <paramref name="arguments"/> as the engine does (quotes and
    /// backslashes inside a flag word are removed); returns the flags and the rest of the arguments.
    /// </summary>
    public static (IReadOnlyList<string> Flags, string Arguments) SplitFlags(string arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var flags = new List<string>();
        var pos = 0;
        while (true)
        {
            while (pos < arguments.Length && char.IsWhiteSpace(arguments[pos]))
            {
                pos++;
            }

            if (pos + 1 >= arguments.Length || arguments[pos] != '-' || arguments[pos + 1] != '-')
            {
                return (flags, arguments[pos..].Trim());
            }

            var word = new StringBuilder();
            char? quote = null;
            for (; pos < arguments.Length && (quote is not null || !char.IsWhiteSpace(arguments[pos])); pos++)
            {
                var c = arguments[pos];
                if (quote is null && c is '\'' or '"')
                {
                    quote = c;
                }
                else if (c == quote)
                {
                    quote = null;
                }
                else if (c == '\\')
                {
                    if (pos + 1 < arguments.Length)
                    {
                        word.Append(arguments[++pos]);
                    }
                }
                else
                {
                    word.Append(c);
                }
            }

            if (word.ToString() == "--")
            {
                return (flags, arguments[pos..].Trim());
            }

            flags.Add(word.ToString());
        }
    }

    /// <summary>The value of flag <paramref name="name"/> (as in <c>--name=value</c>, name in any case), or null when the flags do not set it.</summary>
    public static string? FlagValue(IReadOnlyList<string> flags, string name)
    {
        ArgumentNullException.ThrowIfNull(flags);
        string? value = null;
        foreach (var flag in flags)
        {
            var eq = flag.IndexOf('=', StringComparison.Ordinal);
            if (eq > 2 && string.Equals(flag[2..eq], name, StringComparison.OrdinalIgnoreCase))
            {
                value = flag[(eq + 1)..];
            }
        }

        return value;
    }

    /// <summary>
    /// Splits <paramref name="arguments"/> into words at unquoted white space, keeping quotes and escapes in the words
    /// (the engine's reading of <c>ARG</c> and <c>ENV</c> arguments, whose values are expanded afterwards).
    /// </summary>
    public static IReadOnlyList<string> SplitWords(string arguments, char escape = '\\')
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        for (var pos = 0; pos < arguments.Length; pos++)
        {
            var c = arguments[pos];
            if (quote is null && char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }

                continue;
            }

            inWord = true;
            if (quote is null && c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == quote)
            {
                quote = null;
            }

            if (c == escape && quote != '\'')
            {
                if (pos + 1 >= arguments.Length)
                {
                    // An escape character ending the line is dropped.
                    break;
                }

                word.Append(c);
                c = arguments[++pos];
            }

            word.Append(c);
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    private static List<string> Lines(string text) =>
        [.. text.TrimStart('\uFEFF').Split('\n').Select(l => l.TrimEnd('\r'))];

    [GeneratedRegex(@"^#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(\S.*?)[ \t]*$", RegexOptions.CultureInvariant)]
    private static partial Regex DirectiveLine();
}
