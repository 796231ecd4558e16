using System.Text;

namespace Portal.Engine.Images.Build;

/// <summary>
/// Expands one Dockerfile word as the engine's shell lexer does: single quotes are literal, double quotes
/// expand variables, the escape character takes the next character literally, and <c>$X</c>, <c>${X}</c>,
/// <c>${X:-word}</c>, <c>${X:+word}</c> (and <c>${X:?word}</c>) read the variables given. A variable not
/// given is empty.
/// </summary>
public sealed class DockerfileWord
{
    private readonly string _text;
    private readonly IReadOnlyDictionary<string, string?> _variables;
    private readonly char _escape;
    private int _pos;

    private DockerfileWord(string text, IReadOnlyDictionary<string, string?> variables, char escape)
    {
        _text = text;
        _variables = variables;
        _escape = escape;
    }

    /// <summary>The expanded word, or null where the engine reports a syntax error (an unclosed quote or brace, a bad substitution).</summary>
    public static string? Expand(string word, IReadOnlyDictionary<string, string?> variables, char escape = '\\')
    {
        ArgumentNullException.ThrowIfNull(word);
        ArgumentNullException.ThrowIfNull(variables);
        return new DockerfileWord(word, variables, escape).Until(null);
    }

    private char? Peek => _pos < _text.Length ? _text[_pos] : null;

    /// <summary>Reads to <paramref name="stop"/> (consumed) or the end when null; null on a syntax error.</summary>
    private string? Until(char? stop)
    {
        var result = new StringBuilder();
        while (Peek is { } c)
        {
            if (c == stop)
            {
                _pos++;
                return result.ToString();
            }

            var part = c switch
            {
                '\'' => SingleQuoted(),
                '"' => DoubleQuoted(),
                '$' => Dollar(),
                _ => Plain(),
            };
            if (part is null)
            {
                return null;
            }

            result.Append(part);
        }

        return stop is null ? result.ToString() : null;
    }

    private string Plain()
    {
        var c = _text[_pos++];
        if (c == _escape)
        {
            // The escape character takes the next one literally; at the very end it is dropped.
            return _pos < _text.Length ? _text[_pos++].ToString() : "";
        }

        return c.ToString();
    }

    private string? SingleQuoted()
    {
        _pos++;
        var end = _text.IndexOf('\'', _pos);
        if (end < 0)
        {
            return null;
        }

        var literal = _text[_pos..end];
        _pos = end + 1;
        return literal;
    }

    private string? DoubleQuoted()
    {
        _pos++;
        var result = new StringBuilder();
        while (true)
        {
            switch (Peek)
            {
                case null:
                    return null;
                case '"':
                    _pos++;
                    return result.ToString();
                case '$':
                    if (Dollar() is not { } value)
                    {
                        return null;
                    }

                    result.Append(value);
                    break;
                case var c:
                    _pos++;
                    // Inside double quotes the escape character only escapes a quote, a dollar or itself.
                    if (c == _escape && Peek is { } next && (next == '"' || next == '$' || next == _escape))
                    {
                        c = next;
                        _pos++;
                    }
                    else if (c == _escape && Peek is null)
                    {
                        continue;
                    }

                    result.Append(c);
                    break;
            }
        }
    }

    private string? Dollar()
    {
        _pos++;
        if (Peek != '{')
        {
            var name = Name();
            return name.Length == 0 ? "$" : Value(name);
        }

        _pos++;
        if (Peek is null or '{' or '}' or ':')
        {
            return null;
        }

        var braced = Name();
        if (Peek is not { } after)
        {
            return null;
        }

        _pos++;
        if (after == '}')
        {
            return Value(braced);
        }

        // ${X:-word} tests for empty, ${X-word} (newer engines) for unset.
        var colon = after == ':';
        if (colon && Peek is { } m)
        {
            after = m;
            _pos++;
        }
        else if (colon)
        {
            return null;
        }

        if (after is not ('-' or '+' or '?'))
        {
            return null;
        }

        var word = Until('}');
        if (word is null)
        {
            return null;
        }

        var current = Value(braced);
        var present = colon ? current.Length > 0 : _variables.TryGetValue(braced, out var set) && set is not null;
        return after switch
        {
            '-' => present ? current : word,
            '+' => present ? word : "",
            // ${X:?message} fails the build when X is missing.
            _ => present ? current : null,
        };
    }

    /// <summary>A variable name: letters, digits and underscores; a name starting with a digit is that run of digits; one special character ($, #, …) alone.</summary>
    private string Name()
    {
        var start = _pos;
        if (Peek is { } first && char.IsDigit(first))
        {
            while (Peek is { } d && char.IsDigit(d))
            {
                _pos++;
            }

            return _text[start.._pos];
        }

        if (Peek is { } special && "@*#?-$!".Contains(special, StringComparison.Ordinal))
        {
            _pos++;
            return special.ToString();
        }

        while (Peek is { } c && (char.IsLetterOrDigit(c) || c == '_'))
        {
            _pos++;
        }

        return _text[start.._pos];
    }

    private string Value(string name) => _variables.TryGetValue(name, out var value) ? value ?? "" : "";
}
