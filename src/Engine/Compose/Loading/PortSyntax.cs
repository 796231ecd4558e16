using System.Globalization;

namespace Portal.Engine.Compose.Loading;

/// <summary>One port in long syntax, as <c>docker compose config</c> prints it.</summary>
internal sealed record PortMapping(string? HostIp, int Target, string? Published, string Protocol)
{
    public MapNode ToNode(SourceMark mark)
    {
        var node = new MapNode(mark);
        node.Set("mode", new ScalarNode(mark, "ingress"));
        if (!string.IsNullOrEmpty(HostIp))
        {
            node.Set("host_ip", new ScalarNode(mark, HostIp));
        }

        node.Set("target", new ScalarNode(mark, (long)Target));
        if (!string.IsNullOrEmpty(Published))
        {
            node.Set("published", new ScalarNode(mark, Published));
        }

        node.Set("protocol", new ScalarNode(mark, Protocol));
        return node;
    }
}

/// <summary>
/// Parses the short port syntax: <c>80</c>, <c>8080:80</c>, <c>127.0.0.1:8080:80/udp</c>, <c>127.0.0.1::80</c>,
/// <c>[::1]:80:80</c>, ranges <c>9000-9002:9000-9002</c> (one entry per port) and <c>8000-8010:80</c>
/// (one entry whose published value is the range).
/// </summary>
internal static class PortSyntax
{
    /// <exception cref="FormatException">The text is not a port specification.</exception>
    public static IReadOnlyList<PortMapping> Parse(string spec)
    {
        var text = spec.Trim();
        var protocol = "tcp";
        var slash = text.LastIndexOf('/');
        if (slash >= 0)
        {
            protocol = text[(slash + 1)..].ToLowerInvariant();
            text = text[..slash];
            if (protocol is not ("tcp" or "udp" or "sctp"))
            {
                throw new FormatException($"invalid proto: {protocol}");
            }
        }

        string? hostIp = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= text.Length || text[close + 1] != ':')
            {
                throw new FormatException($"invalid IP address in port spec: {spec}");
            }

            hostIp = text[1..close];
            text = text[(close + 2)..];
        }

        var parts = text.Split(':');
        string published;
        string target;
        switch (parts.Length)
        {
            case 1 when hostIp is null:
                published = string.Empty;
                target = parts[0];
                break;
            case 2:
                published = parts[0];
                target = parts[1];
                break;
            case 3 when hostIp is null:
                hostIp = parts[0];
                published = parts[1];
                target = parts[2];
                break;
            default:
                throw new FormatException($"invalid port spec: {spec}");
        }

        // IPAddress.TryParse also takes legacy forms such as "1.2.3"; Docker wants dotted quads or IPv6.
        if (hostIp is not null && (!System.Net.IPAddress.TryParse(hostIp, out _) || (!hostIp.Contains(':', StringComparison.Ordinal) && hostIp.Count(c => c == '.') != 3)))
        {
            throw new FormatException($"invalid IP address: {hostIp}");
        }

        var (targetStart, targetEnd) = Range(target, spec);
        if (published.Length == 0)
        {
            return Enumerable.Range(targetStart, targetEnd - targetStart + 1)
                .Select(p => new PortMapping(hostIp, p, null, protocol)).ToList();
        }

        var (publishedStart, publishedEnd) = Range(published, spec);
        if (targetStart == targetEnd)
        {
            return [new PortMapping(hostIp, targetStart, published, protocol)];
        }

        if (publishedEnd - publishedStart != targetEnd - targetStart)
        {
            throw new FormatException($"invalid ranges specified for container and host ports: {spec}");
        }

        return Enumerable.Range(0, targetEnd - targetStart + 1)
            .Select(i => new PortMapping(hostIp, targetStart + i, (publishedStart + i).ToString(CultureInfo.InvariantCulture), protocol))
            .ToList();
    }

    private static (int Start, int End) Range(string text, string spec)
    {
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        var start = Port(dash < 0 ? text : text[..dash], spec);
        var end = dash < 0 ? start : Port(text[(dash + 1)..], spec);
        if (end < start)
        {
            throw new FormatException($"invalid port range: {text}");
        }

        return (start, end);
    }

    private static int Port(string text, string spec) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? port
            : throw new FormatException($"invalid port \"{text}\" in \"{spec}\"");
}
