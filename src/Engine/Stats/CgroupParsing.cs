using System.Buffers.Text;
using System.Text;

namespace Portal.Engine.Stats;

/// <summary>
/// Parsers for the cgroup and procfs files the sampler reads, working on the raw bytes so a pass
/// over hundreds of containers allocates next to nothing.
/// </summary>
internal static class CgroupParsing
{
    /// <summary>Nanoseconds per USER_HZ tick; Linux reports /proc/stat in 1/100 s on every architecture.</summary>
    private const ulong NanosecondsPerTick = 10_000_000;

    /// <summary>A file holding one number (<c>cpuacct.usage</c>, <c>pids.current</c>); <c>max</c> is unlimited.</summary>
    public static ulong ParseSingle(ReadOnlySpan<byte> text)
    {
        text = text.Trim("\n\t "u8);
        if (text.SequenceEqual("max"u8))
        {
            return ulong.MaxValue;
        }

        return Utf8Parser.TryParse(text, out ulong value, out _) ? value : 0;
    }

    /// <summary>The value of <paramref name="key"/> in a flat keyed file (<c>memory.stat</c>, <c>cpu.stat</c>).</summary>
    public static bool TryGetKeyed(ReadOnlySpan<byte> text, ReadOnlySpan<byte> key, out ulong value)
    {
        foreach (var range in text.Split((byte)'\n'))
        {
            var line = text[range];
            if (line.Length > key.Length && line[key.Length] == (byte)' ' && line.StartsWith(key))
            {
                return Utf8Parser.TryParse(line[(key.Length + 1)..].Trim((byte)' '), out value, out _);
            }
        }

        value = 0;
        return false;
    }

    /// <summary>
    /// Memory in use the way <c>docker stats</c> shows it: usage minus the inactive file cache
    /// (<c>total_inactive_file</c> on v1, <c>inactive_file</c> on v2), never below zero.
    /// </summary>
    public static ulong MemoryWithoutCache(ulong usage, ReadOnlySpan<byte> memoryStat)
    {
        if (TryGetKeyed(memoryStat, "total_inactive_file"u8, out var inactive) && inactive < usage)
        {
            return usage - inactive;
        }

        if (TryGetKeyed(memoryStat, "inactive_file"u8, out inactive) && inactive < usage)
        {
            return usage - inactive;
        }

        return usage;
    }

    /// <summary>
    /// Sums the <c>Read</c> and <c>Write</c> lines of a v1 blkio file (<c>8:0 Read 4096</c>) over all
    /// devices; the <c>Total</c> line is skipped. Returns false when the file lists no device.
    /// </summary>
    public static bool TryParseBlkioV1(ReadOnlySpan<byte> text, out ulong read, out ulong write)
    {
        read = 0;
        write = 0;
        var any = false;
        foreach (var range in text.Split((byte)'\n'))
        {
            var line = text[range];
            var first = line.IndexOf((byte)' ');
            if (first <= 0 || line[..first].IndexOf((byte)':') < 0)
            {
                continue;
            }

            var rest = line[(first + 1)..];
            var second = rest.IndexOf((byte)' ');
            if (second <= 0 || !Utf8Parser.TryParse(rest[(second + 1)..].Trim((byte)' '), out ulong bytes, out _))
            {
                continue;
            }

            any = true;
            var op = rest[..second];
            if (Ascii.EqualsIgnoreCase(op, "read"u8))
            {
                read += bytes;
            }
            else if (Ascii.EqualsIgnoreCase(op, "write"u8))
            {
                write += bytes;
            }
        }

        return any;
    }

    /// <summary>Sums <c>rbytes=</c> and <c>wbytes=</c> over all devices of a v2 <c>io.stat</c>.</summary>
    public static (ulong Read, ulong Write) ParseIoStatV2(ReadOnlySpan<byte> text)
    {
        ulong read = 0, write = 0;
        foreach (var range in text.Split((byte)'\n'))
        {
            var line = text[range];
            foreach (var fieldRange in line.Split((byte)' '))
            {
                var field = line[fieldRange];
                if (field.StartsWith("rbytes="u8) && Utf8Parser.TryParse(field[7..], out ulong r, out _))
                {
                    read += r;
                }
                else if (field.StartsWith("wbytes="u8) && Utf8Parser.TryParse(field[7..], out ulong w, out _))
                {
                    write += w;
                }
            }
        }

        return (read, write);
    }

    /// <summary>
    /// Received and sent bytes over every interface in a <c>/proc/&lt;pid&gt;/net/dev</c> except
    /// loopback, which the engine's own network figures do not count either.
    /// </summary>
    public static (ulong Rx, ulong Tx) ParseNetDev(ReadOnlySpan<byte> text)
    {
        ulong rx = 0, tx = 0;
        foreach (var range in text.Split((byte)'\n'))
        {
            var line = text[range];
            var colon = line.IndexOf((byte)':');
            if (colon < 0)
            {
                continue;
            }

            var name = line[..colon].Trim((byte)' ');
            if (name.SequenceEqual("lo"u8))
            {
                continue;
            }

            // Fields after the colon: rx bytes packets errs drop fifo frame compressed multicast, then tx bytes …
            var fields = line[(colon + 1)..];
            var index = 0;
            foreach (var fieldRange in fields.Split((byte)' '))
            {
                var field = fields[fieldRange];
                if (field.IsEmpty)
                {
                    continue;
                }

                if (index == 0 && Utf8Parser.TryParse(field, out ulong r, out _))
                {
                    rx += r;
                }
                else if (index == 8 && Utf8Parser.TryParse(field, out ulong t, out _))
                {
                    tx += t;
                    break;
                }

                index++;
            }
        }

        return (rx, tx);
    }

    /// <summary>
    /// System CPU time and online CPU count from <c>/proc/stat</c>, as the engine computes
    /// <c>system_cpu_usage</c>: user+nice+system+idle+iowait+irq+softirq of the <c>cpu</c> line, in ns.
    /// </summary>
    public static (ulong SystemNs, int OnlineCpus) ParseProcStat(ReadOnlySpan<byte> text)
    {
        ulong ticks = 0;
        var cpus = 0;
        foreach (var range in text.Split((byte)'\n'))
        {
            var line = text[range];
            if (!line.StartsWith("cpu"u8))
            {
                // The cpu lines come first; stop at the first other line.
                if (cpus > 0 || ticks > 0)
                {
                    break;
                }

                continue;
            }

            if (line.Length > 3 && char.IsAsciiDigit((char)line[3]))
            {
                cpus++;
                continue;
            }

            var index = 0;
            foreach (var fieldRange in line[3..].Split((byte)' '))
            {
                var field = line[3..][fieldRange];
                if (field.IsEmpty)
                {
                    continue;
                }

                if (index++ >= 7)
                {
                    break;
                }

                ticks += Utf8Parser.TryParse(field, out ulong v, out _) ? v : 0;
            }
        }

        return (ticks * NanosecondsPerTick, cpus);
    }

    /// <summary>A <c>/proc/meminfo</c> value (<c>MemTotal:  16314328 kB</c>) in bytes, or 0.</summary>
    public static ulong MemInfoBytes(ReadOnlySpan<byte> text, ReadOnlySpan<byte> key)
    {
        foreach (var range in text.Split((byte)'\n'))
        {
            var line = text[range];
            if (line.Length > key.Length && line[key.Length] == (byte)':' && line.StartsWith(key))
            {
                var value = line[(key.Length + 1)..].Trim((byte)' ');
                var space = value.IndexOf((byte)' ');
                var number = space < 0 ? value : value[..space];
                var kilo = space >= 0 && value[(space + 1)..].Trim((byte)' ').SequenceEqual("kB"u8);
                return Utf8Parser.TryParse(number, out ulong n, out _) ? (kilo ? n * 1024 : n) : 0;
            }
        }

        return 0;
    }

    /// <summary>The first pid listed in a <c>cgroup.procs</c> file, or 0 when the cgroup has no process.</summary>
    public static int FirstPid(ReadOnlySpan<byte> text)
    {
        var newline = text.IndexOf((byte)'\n');
        var first = (newline < 0 ? text : text[..newline]).Trim((byte)' ');
        return Utf8Parser.TryParse(first, out int pid, out _) ? pid : 0;
    }
}
