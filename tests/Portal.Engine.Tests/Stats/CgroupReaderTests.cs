using Portal.Engine.Stats;

namespace Portal.Engine.Tests.Stats;

public sealed class CgroupReaderTests
{
    [Theory]
    [InlineData("v1", "cgroupfs")]
    [InlineData("v1", "systemd")]
    [InlineData("v2", "cgroupfs")]
    [InlineData("v2", "systemd")]
    public void Read_FixtureTree_CountersAsDockerStatsFiguresThem(string version, string driver)
    {
        using var tree = new CgroupFixtureTree(version, driver);
        var reader = new CgroupReader(tree.Root);

        var paths = reader.Locate(CgroupFixtureTree.ContainerId);
        var counters = reader.Read(paths!);

        Assert.Equal(version == "v2" ? CgroupVersion.V2 : CgroupVersion.V1, reader.Version);
        Assert.NotNull(paths);
        Assert.Contains(driver == "systemd" ? $"docker-{CgroupFixtureTree.ContainerId}.scope" : Path.Combine("docker", CgroupFixtureTree.ContainerId), paths.Memory, StringComparison.Ordinal);
        Assert.NotNull(counters);
        Assert.Equal(2_500_000_000UL, counters.Value.CpuUsageNs);
        // 70 MiB charged, of which 10 MiB is inactive page cache: docker stats shows 60 MiB.
        Assert.Equal(60UL * 1024 * 1024, counters.Value.MemoryUsed);
        Assert.Equal(version == "v2" ? ulong.MaxValue : 256UL * 1024 * 1024, counters.Value.MemoryLimit);
        Assert.Equal(5120UL, counters.Value.BlockRead);
        Assert.Equal(8192UL, counters.Value.BlockWrite);
        Assert.Equal(7UL, counters.Value.Pids);
        Assert.Equal(4242, reader.FirstPid(paths));
    }

    [Theory]
    [InlineData("v1", "cgroupfs")]
    [InlineData("v2", "systemd")]
    public void Locate_UnknownContainer_Null(string version, string driver)
    {
        using var tree = new CgroupFixtureTree(version, driver);

        Assert.Null(new CgroupReader(tree.Root).Locate(new string('a', 64)));
    }

    [Fact]
    public void Read_CgroupRemovedAfterLocate_NullMeansStopped()
    {
        using var tree = new CgroupFixtureTree("v2", "cgroupfs");
        var reader = new CgroupReader(tree.Root);
        var paths = reader.Locate(CgroupFixtureTree.ContainerId)!;

        Directory.Delete(paths.Cpu, recursive: true);

        Assert.Null(reader.Read(paths));
    }

    [Fact]
    public void Version_NoTree_None()
    {
        var empty = Path.Combine(Path.GetTempPath(), "portal-nocgroup-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(empty);
        try
        {
            var reader = new CgroupReader(empty);

            Assert.Equal(CgroupVersion.None, reader.Version);
            Assert.Null(reader.Locate(CgroupFixtureTree.ContainerId));
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Fact]
    public void HostProc_FixtureProc_SystemCpuMemoryAndNetworkWithoutLoopback()
    {
        using var tree = new CgroupFixtureTree("v1", "cgroupfs");
        var proc = new HostProc(tree.CreateProc());

        var cpu = proc.ReadSystemCpu();
        var (total, available) = proc.ReadMemory();
        var net = proc.ReadNetwork(4242);

        // user+nice+system+idle+iowait+irq+softirq = 9600 ticks of 10 ms.
        Assert.Equal((9600UL * 10_000_000, 2), cpu);
        Assert.Equal(2_000_000UL * 1024, total);
        Assert.Equal(1_500_000UL * 1024, available);
        Assert.Equal((5000UL, 3000UL), net);
        Assert.Null(proc.ReadNetwork(9999));
    }
}
