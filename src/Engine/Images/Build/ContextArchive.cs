using System.Formats.Tar;
using System.IO.Compression;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Images.Build;

/// <summary>Reads an uploaded context archive (tar, tar.gz or zip, told apart by their first bytes) entry by entry, never whole.</summary>
public static class ContextArchive
{
    /// <summary>Calls <paramref name="visit"/> for each entry of the archive file, in order; the entry's data is readable only during the call.</summary>
    public static async Task ReadAsync(string path, Func<TarEntryType, string, string?, Stream?, (DateTimeOffset Modified, UnixFileMode Mode), Task> visit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visit);
        var head = new byte[4];
        var probe = File.OpenRead(path);
        await using (probe.ConfigureAwait(false))
        {
            await probe.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        }

        if (head is [(byte)'P', (byte)'K', 3, 4] or [(byte)'P', (byte)'K', 5, 6])
        {
            await ReadZipAsync(path, visit, cancellationToken).ConfigureAwait(false);
            return;
        }

        var file = File.OpenRead(path);
        await using var _ = file.ConfigureAwait(false);
        Stream source = head is [0x1f, 0x8b, ..] ? new GZipStream(file, CompressionMode.Decompress) : file;
        await using var __ = source.ConfigureAwait(false);
        var reader = new TarReader(source);
        await using var ___ = reader.ConfigureAwait(false);
        try
        {
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                await visit(entry.EntryType, entry.Name, entry.LinkName, entry.DataStream, (entry.ModificationTime, entry.Mode)).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw OperationFailedException.Invalid($"The build context is not a readable tar, tar.gz or zip archive: {ex.Message}");
        }
    }

    private static async Task ReadZipAsync(string path, Func<TarEntryType, string, string?, Stream?, (DateTimeOffset Modified, UnixFileMode Mode), Task> visit, CancellationToken cancellationToken)
    {
        ZipArchive zip;
        try
        {
            zip = await ZipArchive.CreateAsync(File.OpenRead(path), ZipArchiveMode.Read, leaveOpen: false, entryNameEncoding: null, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            throw OperationFailedException.Invalid($"The build context is not a readable zip archive: {ex.Message}");
        }

        await using var _ = zip.ConfigureAwait(false);
        try
        {
            await VisitZipAsync(zip, visit, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            // The central directory is read lazily and entries inflate as they are read: a damaged zip fails here too (found by fuzzing).
            throw OperationFailedException.Invalid($"The build context is not a readable zip archive: {ex.Message}");
        }
    }

    private static async Task VisitZipAsync(ZipArchive zip, Func<TarEntryType, string, string?, Stream?, (DateTimeOffset Modified, UnixFileMode Mode), Task> visit, CancellationToken cancellationToken)
    {
        foreach (var entry in zip.Entries)
        {
            // Zip folders are entries whose name ends in a slash.
            if (entry.FullName.EndsWith('/') || entry.FullName.EndsWith('\\'))
            {
                await visit(TarEntryType.Directory, entry.FullName, null, null, (entry.LastWriteTime, ModeOf(entry, DefaultDirectoryMode))).ConfigureAwait(false);
                continue;
            }

            var data = await entry.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (data.ConfigureAwait(false))
            {
                await visit(TarEntryType.RegularFile, entry.FullName, null, data, (entry.LastWriteTime, ModeOf(entry, DefaultFileMode))).ConfigureAwait(false);
            }
        }
    }

    /// <summary>rw-r--r--, for entries that carry no mode (zip made on Windows).</summary>
    public const UnixFileMode DefaultFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>rwxr-xr-x, for folders that carry no mode.</summary>
    public const UnixFileMode DefaultDirectoryMode = DefaultFileMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    // Zips made on Unix keep the file mode in the high half of the external attributes; keeping it keeps scripts executable.
    private static UnixFileMode ModeOf(ZipArchiveEntry entry, UnixFileMode fallback)
    {
        var mode = (entry.ExternalAttributes >> 16) & 0x1FF;
        return mode == 0 ? fallback : (UnixFileMode)mode;
    }
}
