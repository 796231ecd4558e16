using Microsoft.Win32.SafeHandles;

namespace Portal.Engine.Stats;

/// <summary>
/// Reads small kernel files (cgroup, procfs) into a caller-owned buffer: no string per file, so a
/// pass over hundreds of containers stays cheap. One instance per thread.
/// </summary>
internal sealed class KernelFile
{
    private readonly byte[] _buffer = new byte[32 * 1024];

    /// <summary>The file's bytes (valid until the next read), or false when it does not exist.</summary>
    public bool TryRead(string path, out ReadOnlySpan<byte> content)
    {
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException)
        {
            content = default;
            return false;
        }

        using (handle)
        {
            var total = 0;
            try
            {
                // Kernel files report no length; read until end of file or the buffer is full.
                int read;
                while (total < _buffer.Length && (read = RandomAccess.Read(handle, _buffer.AsSpan(total), total)) > 0)
                {
                    total += read;
                }
            }
            catch (IOException)
            {
                // The cgroup went away between open and read: the container stopped.
                content = default;
                return false;
            }

            content = _buffer.AsSpan(0, total);
            return true;
        }
    }

    /// <summary>A file holding one number, or null when missing.</summary>
    public ulong? ReadSingle(string path) => TryRead(path, out var text) ? CgroupParsing.ParseSingle(text) : null;
}
