using Portal.Engine.Compose.Loading;

namespace Portal.Engine.Tests.Compose;

public sealed class PortAndVolumeSyntaxTests
{
    [Theory]
    [InlineData("80", "|80||tcp")]
    [InlineData("8080:80", "|80|8080|tcp")]
    [InlineData("8080:80/udp", "|80|8080|udp")]
    [InlineData("127.0.0.1:8080:80", "127.0.0.1|80|8080|tcp")]
    [InlineData("127.0.0.1:8080:80/udp", "127.0.0.1|80|8080|udp")]
    [InlineData("127.0.0.1::80", "127.0.0.1|80||tcp")]
    [InlineData("[::1]:80:80", "::1|80|80|tcp")]
    [InlineData("[::1]:8080:80/sctp", "::1|80|8080|sctp")]
    [InlineData("9000-9002:9000-9002", "|9000|9000|tcp;|9001|9001|tcp;|9002|9002|tcp")]
    [InlineData("9000-9001", "|9000||tcp;|9001||tcp")]
    [InlineData("127.0.0.1:5000-5001:6000-6001/udp", "127.0.0.1|6000|5000|udp;127.0.0.1|6001|5001|udp")]
    [InlineData("8000-8010:80", "|80|8000-8010|tcp")]
    public void Port_ShortSyntax_ParsesToLongEntries(string spec, string expected)
    {
        var ports = PortSyntax.Parse(spec);

        Assert.Equal(expected, string.Join(";", ports.Select(p => $"{p.HostIp}|{p.Target}|{p.Published}|{p.Protocol}")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("80:abc")]
    [InlineData("0")]
    [InlineData("70000")]
    [InlineData("80/icmp")]
    [InlineData("1.2.3:80:80")]
    [InlineData("9000-9002:80-81")]
    [InlineData("9002-9000")]
    [InlineData("a:b:c:d")]
    public void Port_Malformed_Throws(string spec)
    {
        Assert.Throws<FormatException>(() => PortSyntax.Parse(spec));
    }

    [Theory]
    [InlineData("./data:/data", """{"type":"bind","source":"./data","target":"/data","bind":{"create_host_path":true}}""")]
    [InlineData("/host:/ctr:ro", """{"type":"bind","source":"/host","target":"/ctr","read_only":true,"bind":{"create_host_path":true}}""")]
    [InlineData("~/x:/x:rw", """{"type":"bind","source":"~/x","target":"/x","bind":{"create_host_path":true}}""")]
    [InlineData("data:/var/lib/data", """{"type":"volume","source":"data","target":"/var/lib/data","volume":{}}""")]
    [InlineData("data:/d:ro,nocopy", """{"type":"volume","source":"data","target":"/d","read_only":true,"volume":{"nocopy":true}}""")]
    [InlineData("/anonymous", """{"type":"volume","target":"/anonymous","volume":{}}""")]
    [InlineData("./a:/b/../c/:z", """{"type":"bind","source":"./a","target":"/c","bind":{"selinux":"z","create_host_path":true}}""")]
    [InlineData("/a:/b:rshared", """{"type":"bind","source":"/a","target":"/b","bind":{"propagation":"rshared","create_host_path":true}}""")]
    public void Volume_ShortSyntax_ParsesToLongForm(string spec, string expected)
    {
        var node = VolumeSyntax.Parse(spec, SourceMark.None);

        Assert.Equal(expected, ComposeJson.ToJson(node).Json());
    }

    [Theory]
    [InlineData("")]
    [InlineData("data:relative")]
    [InlineData("a:/b:ro:extra")]
    [InlineData("a:/b:bogus")]
    [InlineData(":/b")]
    public void Volume_Malformed_Throws(string spec)
    {
        Assert.Throws<FormatException>(() => VolumeSyntax.Parse(spec, SourceMark.None));
    }

    [Theory]
    [InlineData("echo hi", "echo|hi")]
    [InlineData("sh -c \"echo 'a b'\"", "sh|-c|echo 'a b'")]
    [InlineData("a\\ b  'c d' \"e\\\"f\"", "a b|c d|e\"f")]
    [InlineData("  spaced   out  ", "spaced|out")]
    public void ShellWords_Split_FollowsShellQuoting(string text, string expected)
    {
        Assert.Equal(expected, string.Join("|", ShellWords.Split(text)));
    }
}
