namespace Portal.Engine.Tests.Stats;

/// <summary>
/// A throw-away copy of the files the kernel shows under /sys/fs/cgroup for one container, laid
/// out as cgroup v1 or v2 with the cgroupfs or systemd driver; numbers are fixed so the expected
/// figures can be worked out by hand.
/// </summary>
internal sealed class CgroupFixtureTree : IDisposable
{
    public const string ContainerId = "4f1c0e2a9b8d7c6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e";

    public CgroupFixtureTree(string version, string driver)
    {
        Root = Path.Combine(Path.GetTempPath(), "portal-cgroup-" + Guid.NewGuid().ToString("N"));
        var relative = driver == "systemd" ? Path.Combine("system.slice", $"docker-{ContainerId}.scope") : Path.Combine("docker", ContainerId);
        if (version == "v2")
        {
            Write("cgroup.controllers", "cpuset cpu io memory hugetlb pids rdma misc\n");
            var dir = Path.Combine(Root, relative);
            Write(dir, "cpu.stat", "usage_usec 2500000\nuser_usec 2000000\nsystem_usec 500000\nnr_periods 0\n");
            Write(dir, "memory.current", "73400320\n");
            Write(dir, "memory.stat", "anon 52428800\nfile 20971520\nactive_anon 0\ninactive_anon 52428800\nactive_file 10485760\ninactive_file 10485760\n");
            Write(dir, "memory.max", "max\n");
            Write(dir, "io.stat", "8:0 rbytes=4096 wbytes=8192 rios=1 wios=2 dbytes=0 dios=0\n8:16 rbytes=1024 wbytes=0 rios=1 wios=0 dbytes=0 dios=0\n");
            Write(dir, "pids.current", "7\n");
            Write(dir, "cgroup.procs", "4242\n4300\n");
        }
        else
        {
            Write(Path.Combine(Root, "cpu,cpuacct", relative), "cpuacct.usage", "2500000000\n");
            Write(Path.Combine(Root, "cpu,cpuacct", relative), "cgroup.procs", "4242\n");
            var memory = Path.Combine(Root, "memory", relative);
            Write(memory, "memory.usage_in_bytes", "73400320\n");
            Write(memory, "memory.stat", "cache 20971520\nrss 52428800\ninactive_file 10485760\ntotal_cache 20971520\ntotal_rss 52428800\ntotal_inactive_file 10485760\n");
            Write(memory, "memory.limit_in_bytes", "268435456\n");
            var blkio = Path.Combine(Root, "blkio", relative);
            Write(blkio, "blkio.throttle.io_service_bytes", "8:0 Read 4096\n8:0 Write 8192\n8:0 Sync 0\n8:0 Async 12288\n8:0 Discard 0\n8:0 Total 12288\n8:16 Read 1024\n8:16 Write 0\nTotal 13312\n");
            Write(blkio, "blkio.io_service_bytes_recursive", "Total 0\n");
            var pids = Path.Combine(Root, "pids", relative);
            Write(pids, "pids.current", "7\n");
            Write(pids, "cgroup.procs", "4242\n4300\n");
        }
    }

    public string Root { get; }

    /// <summary>A procfs copy with the system CPU line and the container's network namespace.</summary>
    public string CreateProc()
    {
        var proc = Path.Combine(Root, "proc");
        Write(proc, "stat", "cpu  1000 0 500 8000 100 0 0 0 0 0\ncpu0 500 0 250 4000 50 0 0 0 0 0\ncpu1 500 0 250 4000 50 0 0 0 0 0\nintr 1\n");
        Write(proc, "meminfo", "MemTotal:        2000000 kB\nMemFree:          500000 kB\nMemAvailable:    1500000 kB\n");
        Write(Path.Combine(proc, "4242", "net"), "dev",
            "Inter-|   Receive                                                |  Transmit\n"
            + " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"
            + "    lo:  999999      10    0    0    0     0          0         0   999999      10    0    0    0     0       0          0\n"
            + "  eth0:    5000      40    0    0    0     0          0         0     3000      30    0    0    0     0       0          0\n");
        return proc;
    }

    private void Write(string name, string text) => Write(Root, name, text);

    private static void Write(string dir, string name, string text)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, name), text);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
