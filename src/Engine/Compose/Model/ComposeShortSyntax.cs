using System.Globalization;
using static Portal.Engine.Compose.Model.ComposeValues;

namespace Portal.Engine.Compose.Model;

/// <summary>Short-syntax ports and mounts, for hand-written documents (the loader emits long syntax).</summary>
internal static class ComposeShortSyntax
{
    /// <summary><c>[ip:][published[-end]:]target[-end][/protocol]</c>, a range giving one entry per port.</summary>
    public static IEnumerable<ComposePort> Port(string text, string path)
    {
        var protocol = "tcp";
        var slash = text.LastIndexOf('/');
        if (slash >= 0)
        {
            protocol = text[(slash + 1)..].ToLowerInvariant();
            text = text[..slash];
        }

        string? ip = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            ip = text[1..close];
            text = text[(close + 2)..];
        }
        else if (text.Count(c => c == ':') == 2)
        {
            var first = text.IndexOf(':', StringComparison.Ordinal);
            ip = text[..first];
            text = text[(first + 1)..];
        }

        var parts = text.Split(':');
        var (targetStart, targetEnd) = Range(parts[^1], path);
        var published = parts.Length > 1 && parts[0].Length > 0 ? Range(parts[0], path) : ((int, int)?)null;
        for (var port = targetStart; port <= targetEnd; port++)
        {
            var offset = port - targetStart;
            var host = published is { } pub
                ? (pub.Item1 == pub.Item2 && targetStart != targetEnd ? $"{pub.Item1}" : (pub.Item1 + offset).ToString(CultureInfo.InvariantCulture))
                : null;
            yield return new ComposePort(port, host, string.IsNullOrEmpty(ip) ? null : ip, protocol, "ingress");
        }
    }

    /// <summary><c>source:target[:ro]</c>, <c>target</c> (anonymous), a path source meaning a bind.</summary>
    public static ComposeMount Mount(string text, string path)
    {
        var parts = text.Split(':');
        return parts.Length switch
        {
            1 => new ComposeMount("volume", null, parts[0], false, null),
            _ => new ComposeMount(
                parts[0].StartsWith('/') || parts[0].StartsWith('.') || parts[0].StartsWith('~') ? "bind" : "volume",
                parts[0], parts[1], parts.Length > 2 && parts[2].Split(',').Contains("ro"), null),
        };
    }

    private static (int, int) Range(string text, string path)
    {
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        var start = text[..(dash < 0 ? text.Length : dash)];
        var end = dash < 0 ? start : text[(dash + 1)..];
        return int.TryParse(start, NumberStyles.None, CultureInfo.InvariantCulture, out var a)
            && int.TryParse(end, NumberStyles.None, CultureInfo.InvariantCulture, out var b) && a <= b && b <= 65535
            ? (a, b)
            : throw Bad(path, $"'{text}' is not a port or port range");
    }
}
