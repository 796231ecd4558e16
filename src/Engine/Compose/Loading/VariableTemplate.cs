using System.Text;

namespace Portal.Engine.Compose.Loading;

/// <summary>An interpolation failure: a malformed template or a required variable without a value.</summary>
internal sealed class TemplateException(string message) : Exception(message);

/// <summary>
/// Compose's variable substitution: <c>$VAR</c>, <c>${VAR}</c>, <c>${VAR:-default}</c>, <c>${VAR-default}</c>,
/// <c>${VAR:?message}</c>, <c>${VAR?message}</c>, <c>${VAR:+alt}</c>, <c>${VAR+alt}</c>, nested templates in the
/// default/alternative/message, and <c>$$</c> for a literal dollar. An unset <c>$VAR</c> becomes the empty string.
/// </summary>
internal static class VariableTemplate
{
    /// <summary>Nesting bound, so a hostile value cannot recurse without end.</summary>
    private const int MaxDepth = 32;

    /// <param name="template">The text to substitute.</param>
    /// <param name="lookup">Returns the variable's value, or null when it is not set.</param>
    /// <exception cref="TemplateException">Malformed template or a missing required variable.</exception>
    public static string Substitute(string template, Func<string, string?> lookup) =>
        Substitute(template, lookup, 0);

    private static string Substitute(string template, Func<string, string?> lookup, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new TemplateException($"invalid interpolation format for \"{template}\": nested too deeply");
        }

        if (!template.Contains('$', StringComparison.Ordinal))
        {
            return template;
        }

        var output = new StringBuilder(template.Length);
        var i = 0;
        while (i < template.Length)
        {
            var c = template[i];
            if (c != '$')
            {
                output.Append(c);
                i++;
                continue;
            }

            if (i + 1 >= template.Length)
            {
                throw Invalid(template);
            }

            var next = template[i + 1];
            if (next == '$')
            {
                output.Append('$');
                i += 2;
            }
            else if (next == '{')
            {
                var close = ClosingBrace(template, i + 2) ?? throw Invalid(template);
                output.Append(Braced(template, template[(i + 2)..close], lookup, depth));
                i = close + 1;
            }
            else if (IsNameStart(next))
            {
                var end = i + 1;
                while (end < template.Length && IsNamePart(template[end]))
                {
                    end++;
                }

                output.Append(lookup(template[(i + 1)..end]) ?? string.Empty);
                i = end;
            }
            else
            {
                throw Invalid(template);
            }
        }

        return output.ToString();
    }

    private static string Braced(string template, string body, Func<string, string?> lookup, int depth)
    {
        var nameEnd = 0;
        while (nameEnd < body.Length && IsNamePart(body[nameEnd]))
        {
            nameEnd++;
        }

        var name = body[..nameEnd];
        if (name.Length == 0 || !IsNameStart(name[0]))
        {
            throw Invalid(template);
        }

        if (nameEnd == body.Length)
        {
            return lookup(name) ?? string.Empty;
        }

        var colon = body[nameEnd] == ':';
        var opIndex = colon ? nameEnd + 1 : nameEnd;
        if (opIndex >= body.Length || body[opIndex] is not ('-' or '?' or '+'))
        {
            throw Invalid(template);
        }

        var op = body[opIndex];
        var argument = body[(opIndex + 1)..];
        var value = lookup(name);
        var present = colon ? !string.IsNullOrEmpty(value) : value is not null;
        switch (op)
        {
            case '-':
                return present ? value! : Substitute(argument, lookup, depth + 1);
            case '+':
                return present ? Substitute(argument, lookup, depth + 1) : string.Empty;
            default:
                if (present)
                {
                    return value!;
                }

                var message = Substitute(argument, lookup, depth + 1);
                throw new TemplateException(message.Length > 0
                    ? $"required variable {name} is missing a value: {message}"
                    : $"required variable {name} is missing a value");
        }
    }

    /// <summary>Index of the <c>}</c> closing a <c>${</c> whose body starts at <paramref name="start"/>, counting nested <c>${</c>.</summary>
    private static int? ClosingBrace(string s, int start)
    {
        var depth = 1;
        for (var i = start; i < s.Length; i++)
        {
            if (s[i] == '$' && i + 1 < s.Length && s[i + 1] == '$')
            {
                i++;
            }
            else if (s[i] == '$' && i + 1 < s.Length && s[i + 1] == '{')
            {
                depth++;
                i++;
            }
            else if (s[i] == '}' && --depth == 0)
            {
                return i;
            }
        }

        return null;
    }

    private static bool IsNameStart(char c) => c == '_' || char.IsAsciiLetter(c);

    private static bool IsNamePart(char c) => c == '_' || char.IsAsciiLetterOrDigit(c);

    private static TemplateException Invalid(string template) =>
        new($"invalid interpolation format for \"{template}\": you may need to escape any $ with another $");
}
