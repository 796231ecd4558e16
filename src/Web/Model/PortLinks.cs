using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Portal.Web.Model;

/// <summary>One entry of a container's port list: <c>127.0.0.1:8080->80/tcp</c>, or <c>80/tcp</c> when only exposed.</summary>
/// <param name="HostIp">The address the engine bound; null when the entry names none (or only exposes the port).</param>
/// <param name="HostPort">The published port; null when the port is only exposed.</param>
/// <param name="ContainerPort">The port inside the container.</param>
/// <param name="Protocol">tcp, udp or sctp.</param>
public sealed record PortEntry(string? HostIp, int? HostPort, int ContainerPort, string Protocol)
{
    /// <summary>As the list shows it: an arrow, the usual <c>/tcp</c> left out.</summary>
    public string Compact =>
        (HostPort is { } published ? $"{(string.IsNullOrEmpty(HostIp) ? "" : Bracketed(HostIp) + ":")}{published.ToString(CultureInfo.InvariantCulture)}→" : "")
        + ContainerPort.ToString(CultureInfo.InvariantCulture) + (Protocol == "tcp" ? "" : "/" + Protocol);

    internal static string Bracketed(string ip) => ip.Contains(':', StringComparison.Ordinal) ? $"[{ip}]" : ip;
}

/// <summary>
/// Where a browser opens a published port. The engine binds ports on its own host, so a port on
/// every address (<c>0.0.0.0</c>, <c>::</c>) is reached by that host's name; for the local engine that is
/// the host the browser already used to open Portal (Portal runs beside its engine), which also
/// holds for a loopback binding. A remote engine's loopback port is out of the browser's reach: no link.
/// </summary>
public static partial class PortLinks
{
    /// <summary>Parses the catalog's port text (<c>, </c>-separated entries); an entry it cannot read is left out.</summary>
    public static IReadOnlyList<PortEntry> Parse(string? ports)
    {
        var entries = new List<PortEntry>();
        foreach (var part in (ports ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var m = EntryRegex().Match(part);
            if (!m.Success)
            {
                continue;
            }

            var ip = m.Groups["ip"].Success ? m.Groups["ip"].Value.Trim('[', ']') : null;
            int? published = m.Groups["pub"].Success ? int.Parse(m.Groups["pub"].Value, CultureInfo.InvariantCulture) : null;
            entries.Add(new PortEntry(ip, published, int.Parse(m.Groups["priv"].Value, CultureInfo.InvariantCulture), m.Groups["proto"].Value));
        }

        return entries;
    }

    /// <summary>
    /// <c>http://host:port/</c> for a published TCP port, or null (UDP, not published, or not reachable).
    /// </summary>
    /// <param name="page">The address the browser opened Portal at.</param>
    /// <param name="engineEndpoint">The environment's Docker endpoint (<c>unix://…</c> for one on Portal's host, <c>tcp://</c> or <c>ssh://</c> for a remote one).</param>
    /// <param name="hostIp">The address the engine bound the port on.</param>
    /// <param name="hostPort">The published port.</param>
    /// <param name="protocol">tcp or udp.</param>
    public static string? Href(Uri page, string? engineEndpoint, string? hostIp, int? hostPort, string protocol)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (hostPort is not (> 0 and var port) || !string.Equals(protocol, "tcp", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var remoteHost = RemoteHostOf(engineEndpoint);
        string host;
        if (string.IsNullOrEmpty(hostIp) || hostIp is "0.0.0.0" or "::")
        {
            host = remoteHost ?? page.Host;
        }
        else if (IPAddress.TryParse(hostIp, out var address) && IPAddress.IsLoopback(address))
        {
            if (remoteHost is not null)
            {
                return null;
            }

            host = page.Host;
        }
        else
        {
            host = hostIp;
        }

        return $"http://{PortEntry.Bracketed(host.Trim('[', ']'))}:{port.ToString(CultureInfo.InvariantCulture)}/";
    }

    /// <summary>The host of a tcp:// or ssh:// endpoint; null for a socket on Portal's own host.</summary>
    private static string? RemoteHostOf(string? endpoint) =>
        endpoint is not null && Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "tcp" or "ssh" or "http" or "https" && uri.Host.Length > 0
            ? uri.Host
            : null;

    [GeneratedRegex(@"^(?:(?:(?<ip>\[[^\]]*\]|[^:\[\]]+):)?(?<pub>[0-9]{1,5})->)?(?<priv>[0-9]{1,5})/(?<proto>[a-z]+)$")]
    private static partial Regex EntryRegex();
}
