using Portal.Web.Model;

namespace Portal.Web.Tests.Model;

public sealed class PortLinksTests
{
    private static readonly Uri s_page = new("https://portal.example:8443/containers?env=x");

    [Theory]
    [InlineData("unix:///var/run/docker.sock", "0.0.0.0", "http://portal.example:8080/")]
    [InlineData("unix:///var/run/docker.sock", "::", "http://portal.example:8080/")]
    [InlineData("unix:///var/run/docker.sock", "127.0.0.1", "http://portal.example:8080/")]
    [InlineData("unix:///var/run/docker.sock", "", "http://portal.example:8080/")]
    [InlineData("unix:///var/run/docker.sock", "10.1.2.3", "http://10.1.2.3:8080/")]
    [InlineData("unix:///var/run/docker.sock", "fd00::5", "http://[fd00::5]:8080/")]
    [InlineData("ssh://deploy@build-01.lan", "0.0.0.0", "http://build-01.lan:8080/")]
    [InlineData("tcp://10.9.9.9:2376", "::", "http://10.9.9.9:8080/")]
    [InlineData("ssh://deploy@build-01.lan", "127.0.0.1", null)]
    [InlineData("ssh://deploy@build-01.lan", "::1", null)]
    public void Href_PublishedTcpPort_OnTheHostTheBrowserReaches(string endpoint, string hostIp, string? expected) =>
        Assert.Equal(expected, PortLinks.Href(s_page, endpoint, hostIp, 8080, "tcp"));

    [Fact]
    public void Href_UdpOrUnpublished_NoLink()
    {
        Assert.Null(PortLinks.Href(s_page, "unix:///var/run/docker.sock", "0.0.0.0", 53, "udp"));
        Assert.Null(PortLinks.Href(s_page, "unix:///var/run/docker.sock", null, null, "tcp"));
    }

    [Fact]
    public void Parse_CatalogText_EveryEntryKind()
    {
        var entries = PortLinks.Parse("127.0.0.1:8080->80/tcp, [::]:8443->443/tcp, 9000->9000/tcp, 53/udp, garbage");

        Assert.Equal(
            [new PortEntry("127.0.0.1", 8080, 80, "tcp"), new PortEntry("::", 8443, 443, "tcp"), new PortEntry(null, 9000, 9000, "tcp"), new PortEntry(null, null, 53, "udp")],
            entries);
        Assert.Equal(["127.0.0.1:8080→80", "[::]:8443→443", "9000→9000", "53/udp"], entries.Select(e => e.Compact));
        Assert.Empty(PortLinks.Parse(""));
    }
}
