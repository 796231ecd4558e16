using System.Text;
using static Tmds.Linux.LibC;

namespace Portal.Engine.Stats;

/// <summary>
/// Reads small kernel files (cgroup, procfs) into a caller-owned buffer: no string per file, so a
/// pass over hundreds of containers stays cheap. One instance per thread.
/// </summary>
/// <remarks>
/// On Linux it calls open/read/close directly: the managed file APIs add an fstat and an advisory
/// lock per open and a read to find the end, doubling the system calls of a pass. Kernel files
/// (seq_file, kernfs) and regular files alike return fewer bytes than asked only at their end, so
/// one short read ends the file.
/// </remarks>
internal sealed class KernelFile
{
    private const int MaxStackPath = 512;

    private readonly byte[] _buffer = new byte[32 * 1024];

    /// <summary>The file's bytes (valid until the next read), or false when it does not exist.</summary>
    public bool TryRead(string path, out ReadOnlySpan<byte> content)
    {
        var total = OperatingSystem.IsLinux() ? ReadNative(path) : ReadManaged(path);
        content = total >= 0 ? _buffer.AsSpan(0, total) : default;
        return total >= 0;
    }

    /// <summary>A file holding one number, or null when missing.</summary>
    public ulong? ReadSingle(string path) => TryRead(path, out var text) ? CgroupParsing.ParseSingle(text) : null;

    private unsafe int ReadNative(string path)
    {
        var size = Encoding.UTF8.GetMaxByteCount(path.Length) + 1;
        Span<byte> name = size <= MaxStackPath ? stackalloc byte[size] : new byte[size];
        var length = Encoding.UTF8.GetBytes(path, name);
        name[length] = 0;
        int fd;
        fixed (byte* p = name)
        {
            do
            {
                fd = open(p, O_RDONLY | O_CLOEXEC);
            }
            while (fd < 0 && errno == EINTR);
        }

        if (fd < 0)
        {
            return -1;
        }

        try
        {
            var total = 0;
            fixed (byte* b = _buffer)
            {
                while (total < _buffer.Length)
                {
                    var wanted = _buffer.Length - total;
                    var count = (long)read(fd, b + total, wanted);
                    if (count < 0)
                    {
                        if (errno == EINTR)
                        {
                            continue;
                        }

                        // ENODEV and friends: the cgroup went away between open and read (the container stopped).
                        return -1;
                    }

                    total += (int)count;
                    if (count < wanted)
                    {
                        break;
                    }
                }
            }

            return total;
        }
        finally
        {
            close(fd);
        }
    }

    private int ReadManaged(string path)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var total = 0;
            int read;
            while (total < _buffer.Length && (read = RandomAccess.Read(handle, _buffer.AsSpan(total), total)) > 0)
            {
                total += read;
            }

            return total;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException)
        {
            return -1;
        }
    }
}
