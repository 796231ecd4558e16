using System.Text;

namespace Portal.Web.Logs;

/// <summary>
/// Turns a log line with ANSI escape codes into styled spans. SGR codes (<c>ESC[…m</c>) become CSS
/// classes (<c>ansi-bold</c>, <c>ansi-fg-1</c>, <c>ansi-bg-9</c>, …); every other escape or control
/// sequence is dropped. The text is returned as text: the page encodes it, so nothing in a log
/// line can become markup.
/// </summary>
/// <remarks>Styles start fresh on each line: Docker logs are read line by line and most programs reset at line end.</remarks>
public static class AnsiParser
{
    private const char Escape = '\u001b';

    public static IReadOnlyList<AnsiSpan> Parse(string line)
    {
        if (line.IndexOf(Escape) < 0 && !HasControl(line))
        {
            return [new AnsiSpan(line, null)];
        }

        var spans = new List<AnsiSpan>();
        var style = new Style();
        var text = new StringBuilder();
        var i = 0;
        while (i < line.Length)
        {
            var c = line[i];
            if (c == Escape)
            {
                var end = SequenceEnd(line, i);
                if (end > i + 2 && line[i + 1] == '[' && line[end - 1] == 'm')
                {
                    Flush(spans, text, style);
                    style.Apply(line.AsSpan(i + 2, end - i - 3));
                }

                i = end;
                continue;
            }

            if (c == '\t' || !char.IsControl(c))
            {
                text.Append(c);
            }

            i++;
        }

        Flush(spans, text, style);
        return spans;
    }

    private static bool HasControl(string line)
    {
        foreach (var c in line)
        {
            if (c != '\t' && char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Index just past the escape sequence starting at <paramref name="start"/>.</summary>
    private static int SequenceEnd(string line, int start)
    {
        var i = start + 1;
        if (i >= line.Length)
        {
            return i;
        }

        switch (line[i])
        {
            case '[':
                // CSI: parameter and intermediate bytes, then one final byte in @..~.
                i++;
                while (i < line.Length && line[i] is >= '\u0020' and <= '\u003f')
                {
                    i++;
                }

                return Math.Min(line.Length, i + 1);
            case ']':
                // OSC (window titles, hyperlinks): ends with BEL or ESC \.
                i++;
                while (i < line.Length && line[i] != '\u0007' && !(line[i] == Escape && i + 1 < line.Length && line[i + 1] == '\\'))
                {
                    i++;
                }

                return Math.Min(line.Length, i < line.Length && line[i] == Escape ? i + 2 : i + 1);
            default:
                return i + 1;
        }
    }

    private static void Flush(List<AnsiSpan> spans, StringBuilder text, Style style)
    {
        if (text.Length > 0)
        {
            spans.Add(new AnsiSpan(text.ToString(), style.Classes()));
            text.Clear();
        }
    }

    private sealed class Style
    {
        private bool _bold;
        private bool _dim;
        private bool _italic;
        private bool _underline;
        private bool _inverse;
        private int? _fg;
        private int? _bg;

        public void Apply(ReadOnlySpan<char> parameters)
        {
            var codes = new List<int>();
            foreach (var range in parameters.Split(';'))
            {
                codes.Add(int.TryParse(parameters[range], out var n) ? n : 0);
            }

            if (codes.Count == 0)
            {
                codes.Add(0);
            }

            for (var k = 0; k < codes.Count; k++)
            {
                var code = codes[k];
                switch (code)
                {
                    case 0: (_bold, _dim, _italic, _underline, _inverse, _fg, _bg) = (false, false, false, false, false, null, null); break;
                    case 1: _bold = true; break;
                    case 2: _dim = true; break;
                    case 3: _italic = true; break;
                    case 4: _underline = true; break;
                    case 7: _inverse = true; break;
                    case 22: (_bold, _dim) = (false, false); break;
                    case 23: _italic = false; break;
                    case 24: _underline = false; break;
                    case 27: _inverse = false; break;
                    case >= 30 and <= 37: _fg = code - 30; break;
                    case 39: _fg = null; break;
                    case >= 40 and <= 47: _bg = code - 40; break;
                    case 49: _bg = null; break;
                    case >= 90 and <= 97: _fg = code - 90 + 8; break;
                    case >= 100 and <= 107: _bg = code - 100 + 8; break;
                    case 38 or 48:
                        // 256-colour (5;n) keeps the 16 named colours; true colour (2;r;g;b) is skipped.
                        int? colour = null;
                        if (k + 2 < codes.Count && codes[k + 1] == 5)
                        {
                            colour = codes[k + 2] is >= 0 and < 16 ? codes[k + 2] : null;
                            k += 2;
                        }
                        else if (k + 4 < codes.Count && codes[k + 1] == 2)
                        {
                            k += 4;
                        }

                        if (code == 38)
                        {
                            _fg = colour;
                        }
                        else
                        {
                            _bg = colour;
                        }

                        break;
                    default:
                        break;
                }
            }
        }

        public string? Classes()
        {
            var (fg, bg) = _inverse ? (_bg ?? 0, _fg ?? 7) : (_fg, _bg);
            var classes = new List<string>(4);
            if (_bold)
            {
                classes.Add("ansi-bold");
            }

            if (_dim)
            {
                classes.Add("ansi-dim");
            }

            if (_italic)
            {
                classes.Add("ansi-italic");
            }

            if (_underline)
            {
                classes.Add("ansi-underline");
            }

            if (fg is { } f)
            {
                classes.Add("ansi-fg-" + f);
            }

            if (bg is { } b)
            {
                classes.Add("ansi-bg-" + b);
            }

            return classes.Count == 0 ? null : string.Join(' ', classes);
        }
    }
}
