using System.Text;
using Portal.Engine.Stats;

namespace Portal.Engine.Tests.Stats;

public sealed class CgroupParsingTests
{
    [Theory]
    [InlineData("123456\n", 123456UL)]
    [InlineData("max\n", ulong.MaxValue)]
    [InlineData("  42 ", 42UL)]
    [InlineData("", 0UL)]
    public void ParseSingle_Values(string text, ulong expected) =>
        Assert.Equal(expected, CgroupParsing.ParseSingle(Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void TryGetKeyed_KeyIsPrefixOfAnother_MatchesWholeKeyOnly()
    {
        var text = "total_inactive_file_x 5\ninactive_file 7\ntotal_inactive_file 9\n"u8;

        Assert.True(CgroupParsing.TryGetKeyed(text, "inactive_file"u8, out var inactive));
        Assert.True(CgroupParsing.TryGetKeyed(text, "total_inactive_file"u8, out var total));
        Assert.False(CgroupParsing.TryGetKeyed(text, "cache"u8, out _));
        Assert.Equal(7UL, inactive);
        Assert.Equal(9UL, total);
    }

    [Theory]
    [InlineData("total_inactive_file 30\ninactive_file 10\n", 100UL, 70UL)]
    [InlineData("inactive_file 10\n", 100UL, 90UL)]
    [InlineData("total_inactive_file 300\n", 100UL, 100UL)]
    [InlineData("rss 5\n", 100UL, 100UL)]
    public void MemoryWithoutCache_LikeTheDockerCli(string stat, ulong usage, ulong expected) =>
        Assert.Equal(expected, CgroupParsing.MemoryWithoutCache(usage, Encoding.ASCII.GetBytes(stat)));

    [Fact]
    public void TryParseBlkioV1_OnlyTotal_FalseSoTheNextFileIsTried()
    {
        Assert.False(CgroupParsing.TryParseBlkioV1("Total 0\n"u8, out _, out _));
        Assert.True(CgroupParsing.TryParseBlkioV1("8:0 read 10\n8:0 WRITE 20\n8:0 Total 30\n"u8, out var read, out var write));
        Assert.Equal((10UL, 20UL), (read, write));
    }

    [Fact]
    public void ParseIoStatV2_DeviceWithoutBytes_Ignored() =>
        Assert.Equal((4096UL, 1UL), CgroupParsing.ParseIoStatV2("8:0 rbytes=4096 wbytes=1 rios=1\n253:0\n"u8));

    [Fact]
    public void ParseNetDev_SeveralInterfaces_SummedWithoutLoopback()
    {
        var text = "Inter-|   Receive |  Transmit\n face |bytes packets|bytes packets\n"
            + "    lo: 100 1 0 0 0 0 0 0 100 1 0 0 0 0 0 0\n"
            + "  eth0: 10 1 0 0 0 0 0 0 20 1 0 0 0 0 0 0\n"
            + "  eth1:5 1 0 0 0 0 0 0 7 1 0 0 0 0 0 0\n";

        Assert.Equal((15UL, 27UL), CgroupParsing.ParseNetDev(Encoding.ASCII.GetBytes(text)));
    }

    [Theory]
    [InlineData("4242\n4300\n", 4242)]
    [InlineData("", 0)]
    public void FirstPid_Values(string text, int expected) =>
        Assert.Equal(expected, CgroupParsing.FirstPid(Encoding.ASCII.GetBytes(text)));

    [Theory]
    [InlineData(0UL, 1_000_000_000UL, 0UL, 2_000_000_000UL, 2, 100.0)]
    [InlineData(0UL, 500_000_000UL, 0UL, 2_000_000_000UL, 2, 50.0)]
    [InlineData(0UL, 2_000_000_000UL, 0UL, 2_000_000_000UL, 2, 200.0)]
    [InlineData(5UL, 1UL, 0UL, 10UL, 2, 0.0)]
    [InlineData(0UL, 10UL, 10UL, 10UL, 2, 0.0)]
    public void CpuPercent_LikeTheDockerCli(ulong prevCpu, ulong cpu, ulong prevSystem, ulong system, int cpus, double expected) =>
        Assert.Equal(expected, StatsMath.CpuPercent(prevCpu, cpu, prevSystem, system, cpus), 6);

    [Theory]
    [InlineData(ulong.MaxValue, 1000UL, 1000UL)]
    [InlineData(9223372036854771712UL, 1000UL, 1000UL)]
    [InlineData(500UL, 1000UL, 500UL)]
    [InlineData(500UL, 0UL, 500UL)]
    public void EffectiveLimit_UnlimitedShowsHostMemory(ulong limit, ulong host, ulong expected) =>
        Assert.Equal(expected, StatsMath.EffectiveLimit(limit, host));

    [Fact]
    public void StatsHistory_MoreThanCapacity_KeepsNewestInOrder()
    {
        var history = new StatsHistory(3);
        for (var i = 1; i <= 5; i++)
        {
            history.Add(new StatsSample(DateTime.UnixEpoch.AddSeconds(i), i, 0, 0, 0, 0, 0, 0, 0));
        }

        Assert.Equal([3.0, 4.0, 5.0], history.Snapshot().Select(s => s.CpuPercent));
    }
}
