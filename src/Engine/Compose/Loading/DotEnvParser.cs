using System.Text;

namespace Portal.Engine.Compose.Loading;

/// <summary>A malformed line in a <c>.env</c>/<c>env_file</c>, with its 1-based line.</summary>
internal sealed class DotEnvException(int line, string message) : Exception(message)
{
    public int Line { get; } = line;
}

/// <summary>
/// Parses <c>.env</c> and <c>env_file</c> text as compose does: <c>KEY=VALUE</c>, an optional <c>export </c> prefix,
/// <c>#</c> comments (whole line, or after whitespace in an unquoted value), empty values, single quotes (literal),
/// double quotes (escapes <c>\n \r \t \\ \" \$</c>, may span lines), and <c>${VAR}</c> interpolation in unquoted and
/// double-quoted values from the variables defined above and the lookup. A bare <c>KEY</c> takes its
/// value from the lookup and is left out when that has none.
/// </summary>
internal static class DotEnvParser
{
    public static OrderedDictionary<string, string> Parse(string text, Func<string, string?> lookup)
    {
        var result = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        string? Resolve(string name) => result.TryGetValue(name, out var v) ? v : lookup(name);

        var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var line = 1;
        while (i < text.Length)
        {
            var lineStart = line;
            var end = text.IndexOf('\n', i);
            var raw = end < 0 ? text[i..] : text[i..end];
            var trimmed = raw.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                i = end < 0 ? text.Length : end + 1;
                line++;
                continue;
            }

            var start = i + (raw.Length - raw.TrimStart().Length);
            if (trimmed.StartsWith("export ", StringComparison.Ordinal) || trimmed.StartsWith("export\t", StringComparison.Ordinal))
            {
                start += "export".Length;
                while (start < text.Length && text[start] is ' ' or '\t')
                {
                    start++;
                }
            }

            var keyEnd = start;
            while (keyEnd < text.Length && text[keyEnd] is not ('=' or '\n' or '\r' or ' ' or '\t'))
            {
                keyEnd++;
            }

            var key = text[start..keyEnd];
            if (!IsValidKey(key))
            {
                throw new DotEnvException(lineStart, $"unexpected character in variable name \"{key}\"");
            }

            var pos = keyEnd;
            while (pos < text.Length && text[pos] is ' ' or '\t')
            {
                pos++;
            }

            if (pos >= text.Length || text[pos] is '\n' or '\r' or '#')
            {
                // A bare KEY inherits the value the caller knows, as compose does with the shell's.
                if (lookup(key) is { } inherited)
                {
                    result[key] = inherited;
                }

                i = end < 0 ? text.Length : end + 1;
                line++;
                continue;
            }

            if (text[pos] != '=')
            {
                throw new DotEnvException(lineStart, $"expected '=' after \"{key}\"");
            }

            pos++;
            while (pos < text.Length && text[pos] is ' ' or '\t')
            {
                pos++;
            }

            string value;
            if (pos < text.Length && text[pos] is '\'' or '"')
            {
                var quote = text[pos];
                var close = ClosingQuote(text, pos + 1, quote)
                    ?? throw new DotEnvException(lineStart, $"unterminated quoted value for \"{key}\"");
                var body = text[(pos + 1)..close];
                line += body.Count(c => c == '\n');
                value = quote == '\'' ? body : Interpolate(Unescape(body), Resolve, lineStart);
                end = text.IndexOf('\n', close);
            }
            else
            {
                var valueEnd = end < 0 ? text.Length : end;
                var unquoted = text[pos..valueEnd];
                var comment = IndexOfComment(unquoted);
                value = Interpolate((comment >= 0 ? unquoted[..comment] : unquoted).Trim(), Resolve, lineStart);
            }

            result[key] = value;
            i = end < 0 ? text.Length : end + 1;
            line++;
        }

        return result;
    }

    private static string Interpolate(string value, Func<string, string?> lookup, int line)
    {
        try
        {
            return VariableTemplate.Substitute(value, lookup);
        }
        catch (TemplateException ex)
        {
            throw new DotEnvException(line, ex.Message);
        }
    }

    private static int? ClosingQuote(string text, int from, char quote)
    {
        for (var i = from; i < text.Length; i++)
        {
            if (quote == '"' && text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == quote)
            {
                return i;
            }
        }

        return null;
    }

    private static string Unescape(string body)
    {
        var sb = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] != '\\' || i + 1 >= body.Length)
            {
                sb.Append(body[i]);
                continue;
            }

            var next = body[++i];
            switch (next)
            {
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case '"' or '\\' or '\'': sb.Append(next); break;
                // Kept escaped so interpolation below reads it as a literal dollar.
                case '$': sb.Append("$$"); break;
                default: sb.Append('\\').Append(next); break;
            }
        }

        return sb.ToString();
    }

    /// <summary>An unquoted value's comment starts at a <c>#</c> preceded by whitespace.</summary>
    private static int IndexOfComment(string value)
    {
        for (var i = 1; i < value.Length; i++)
        {
            if (value[i] == '#' && value[i - 1] is ' ' or '\t')
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsValidKey(string key) =>
        key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');
}
