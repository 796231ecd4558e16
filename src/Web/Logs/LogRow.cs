using System.Globalization;
using Portal.Engine.Logs;

namespace Portal.Web.Logs;

/// <summary>A log line as the page holds it: parsed once into ANSI spans when it arrives.</summary>
public sealed class LogRow
{
    public LogRow(LogLine line, string? container)
    {
        Timestamp = line.Timestamp;
        IsError = line.Stream == LogStream.Stderr;
        Container = container;
        Spans = AnsiParser.Parse(line.Text);
        Text = Spans.Count == 1 ? Spans[0].Text : string.Concat(Spans.Select(s => s.Text));
        // The row, its text and its spans (a styled line keeps the text twice: spans and joined).
        Bytes = RowOverheadBytes + (Spans.Count * SpanOverheadBytes) + (sizeof(char) * Text.Length * (Spans.Count == 1 ? 1 : 2));
    }

    /// <summary>The row object, its timestamp and the span list, in bytes (64-bit runtime).</summary>
    public const int RowOverheadBytes = 120;

    /// <summary>One span record and its string header, in bytes.</summary>
    public const int SpanOverheadBytes = 56;

    /// <summary>What the row holds on the managed heap, estimated; the page's line buffer is capped by it.</summary>
    public int Bytes { get; }

    public DateTimeOffset? Timestamp { get; }

    public bool IsError { get; }

    /// <summary>The container's name in a merged view; null in a single container's view.</summary>
    public string? Container { get; }

    public IReadOnlyList<AnsiSpan> Spans { get; }

    /// <summary>The visible text (escape codes removed), what search looks at.</summary>
    public string Text { get; }

    public string TimeText => Timestamp is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) : "";

    public bool Matches(string? search) => string.IsNullOrEmpty(search) || Text.Contains(search, StringComparison.OrdinalIgnoreCase);

    /// <summary>The spans cut where <paramref name="search"/> matches, matches carrying the <c>log-match</c> class.</summary>
    public IEnumerable<AnsiSpan> Highlighted(string? search)
    {
        if (string.IsNullOrEmpty(search) || !Matches(search))
        {
            foreach (var span in Spans)
            {
                yield return span;
            }

            yield break;
        }

        foreach (var span in Spans)
        {
            var text = span.Text;
            var at = 0;
            while (at < text.Length)
            {
                var hit = text.IndexOf(search, at, StringComparison.OrdinalIgnoreCase);
                if (hit < 0)
                {
                    yield return new AnsiSpan(text[at..], span.Classes);
                    break;
                }

                if (hit > at)
                {
                    yield return new AnsiSpan(text[at..hit], span.Classes);
                }

                yield return new AnsiSpan(text.Substring(hit, search.Length), span.Classes is null ? "log-match" : span.Classes + " log-match");
                at = hit + search.Length;
            }
        }
    }
}
