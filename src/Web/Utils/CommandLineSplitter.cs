using System.Text;

namespace Portal.Web.Utils;

/// <summary>Splits a command typed in one text box into arguments, the way a POSIX shell would for plain words and quotes.</summary>
/// <remarks>
/// Only quoting and escaping are honoured: no variables, globs or pipes, because the result goes
/// straight to the engine as an argv and never through a shell.
/// </remarks>
public static class CommandLineSplitter
{
    /// <summary>
    /// Splits <paramref name="commandLine"/> on unquoted whitespace. Single quotes keep everything
    /// literally; double quotes keep whitespace and honour <c>\"</c>, <c>\\</c>, <c>\$</c> and <c>\`</c>;
    /// outside quotes a backslash escapes the next character. <c>""</c> yields an empty argument.
    /// </summary>
    /// <exception cref="FormatException">A quote is not closed or the line ends in a lone backslash.</exception>
    public static IReadOnlyList<string> Split(string? commandLine)
    {
        var args = new List<string>();
        if (string.IsNullOrWhiteSpace(commandLine))
        {
            return args;
        }

        var current = new StringBuilder();
        // Tracks whether a word started, so that '' and "" produce an empty argument rather than nothing.
        var inWord = false;
        var text = commandLine;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\'':
                    {
                        var end = text.IndexOf('\'', i + 1);
                        if (end < 0)
                        {
                            throw new FormatException("The command has an unclosed single quote (').");
                        }

                        current.Append(text, i + 1, end - i - 1);
                        inWord = true;
                        i = end;
                        break;
                    }

                case '"':
                    i = ReadDoubleQuoted(text, i + 1, current);
                    inWord = true;
                    break;
                case '\\':
                    if (i + 1 >= text.Length)
                    {
                        throw new FormatException("The command ends with a lone backslash (\\).");
                    }

                    // A backslash-newline continues the line, as in a shell.
                    if (text[i + 1] != '\n')
                    {
                        current.Append(text[i + 1]);
                        inWord = true;
                    }

                    i++;
                    break;
                default:
                    if (char.IsWhiteSpace(c))
                    {
                        if (inWord)
                        {
                            args.Add(current.ToString());
                            current.Clear();
                            inWord = false;
                        }
                    }
                    else
                    {
                        current.Append(c);
                        inWord = true;
                    }

                    break;
            }
        }

        if (inWord)
        {
            args.Add(current.ToString());
        }

        return args;
    }

    /// <summary>Reads up to the closing double quote; returns its index.</summary>
    private static int ReadDoubleQuoted(string text, int start, StringBuilder into)
    {
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                return i;
            }

            if (c == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or '$' or '`')
            {
                into.Append(text[i + 1]);
                i++;
                continue;
            }

            into.Append(c);
        }

        throw new FormatException("The command has an unclosed double quote (\").");
    }
}
