using System.Formats.Tar;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Images.Build;

/// <summary>
/// Turns an upload (tar, tar.gz or zip) or an editor Dockerfile with extra files into the tar the
/// engine reads, through temp files so memory stays bounded: entries are checked
/// (<see cref="ContextEntryCheck"/>), filtered by <c>.dockerignore</c> and re-written.
/// </summary>
public static class BuildContextWriter
{
    private const int MaxIgnoreFileBytes = 1 << 20;

    /// <summary>Stores the upload (refused past <paramref name="limit"/> bytes), then writes the sanitized context.</summary>
    public static async Task<PreparedContext> FromArchiveAsync(Stream upload, string dockerfile, long limit, CancellationToken cancellationToken)
    {
        var raw = Path.Combine(Path.GetTempPath(), $"portal-upload-{Guid.NewGuid():N}");
        try
        {
            var file = new FileStream(raw, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                await LimitedCopy.CopyAsync(upload, file, limit, cancellationToken).ConfigureAwait(false);
            }

            return await FromStoredAsync(raw, dockerfile, limit, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(raw);
        }
    }

    /// <summary>
    /// Writes the sanitized context of an upload already stored at <paramref name="raw"/> (any format):
    /// a first pass finds <c>.dockerignore</c> wherever it lies, the second checks, filters and copies.
    /// </summary>
    public static async Task<PreparedContext> FromStoredAsync(string raw, string dockerfile, long limit, CancellationToken cancellationToken)
    {
        string? ignoreText = null;
        await ContextArchive.ReadAsync(raw, async (type, name, _, data, _) =>
        {
            if (ignoreText is null && type is TarEntryType.RegularFile or TarEntryType.V7RegularFile && data is not null
                && ContextEntryCheck.CleanName(name) == IgnoreFile)
            {
                ignoreText = await ReadSmallTextAsync(data, cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);

        var ignore = new DockerIgnore(ignoreText);
        var keep = DockerfileName(dockerfile);
        return await WriteAsync(limit, async writer =>
            await ContextArchive.ReadAsync(raw, (type, name, link, data, meta) =>
                CopyEntryAsync(writer, ignore, keep, type, name, link, data, meta, cancellationToken), cancellationToken).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The Dockerfile's cleaned name in the context (<c>Dockerfile</c> when none is given).</summary>
    public static string DockerfileName(string? dockerfile) =>
        ContextEntryCheck.CleanName(string.IsNullOrWhiteSpace(dockerfile) ? "Dockerfile" : dockerfile);

    /// <summary>Writes a context of the typed Dockerfile plus <paramref name="files"/>; a file named like the Dockerfile loses to the typed text.</summary>
    public static Task<PreparedContext> FromDockerfileAsync(string dockerfileText, string dockerfile, IReadOnlyList<BuildFile> files, long limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        var keep = DockerfileName(dockerfile);
        return WriteAsync(limit, async writer =>
        {
            using var text = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(dockerfileText ?? ""));
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, keep) { DataStream = text, Mode = Mode644 }, cancellationToken).ConfigureAwait(false);
            foreach (var file in files)
            {
                var name = ContextEntryCheck.CleanName(file.Name);
                if (name == keep || name.Length == 0)
                {
                    continue;
                }

                var data = file.Open();
                await using (data.ConfigureAwait(false))
                {
                    await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = data, Mode = Mode644 }, cancellationToken).ConfigureAwait(false);
                }
            }
        }, cancellationToken);
    }

    private const UnixFileMode Mode644 = ContextArchive.DefaultFileMode;

    private static async Task<PreparedContext> WriteAsync(long limit, Func<TarWriter, Task> write, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"portal-context-{Guid.NewGuid():N}.tar");
        try
        {
            var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                var writer = new TarWriter(new LimitStream(file, limit), TarEntryFormat.Pax, leaveOpen: true);
                await using (writer.ConfigureAwait(false))
                {
                    await write(writer).ConfigureAwait(false);
                }

                cancellationToken.ThrowIfCancellationRequested();
                return new PreparedContext(path, file.Length);
            }
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>
    /// Checks one entry (refusing escapes and special files), drops it when <paramref name="ignore"/>
    /// excludes it, else writes it cleaned; returns the cleaned name when written, null when skipped.
    /// </summary>
    internal static async Task<string?> CopyEntryAsync(TarWriter writer, DockerIgnore? ignore, string keep, TarEntryType type, string name, string? link,
        Stream? data, (DateTimeOffset Modified, UnixFileMode Mode) meta, CancellationToken ct)
    {
        if (type is TarEntryType.GlobalExtendedAttributes or TarEntryType.ExtendedAttributes)
        {
            return null;
        }

        var clean = ContextEntryCheck.CleanName(name);
        if (clean.Length == 0)
        {
            return null;
        }

        switch (type)
        {
            case TarEntryType.SymbolicLink:
                ContextEntryCheck.CheckSymbolicLink(clean, link ?? "");
                break;
            case TarEntryType.HardLink:
                ContextEntryCheck.CheckHardLink(clean, link ?? "");
                break;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.Directory:
                break;
            default:
                throw OperationFailedException.Invalid($"The build context entry '{name}' is a {type} entry; only files, folders and links are accepted.");
        }

        if (IsDropped(ignore, keep, clean))
        {
            return null;
        }

        var entryType = type == TarEntryType.V7RegularFile ? TarEntryType.RegularFile : type;
        var entry = new PaxTarEntry(entryType, entryType == TarEntryType.Directory ? clean + "/" : clean)
        {
            // Set-id and sticky bits are dropped: the context should not carry privileges into the image.
            Mode = meta.Mode & (UnixFileMode)0x1FF,
            ModificationTime = meta.Modified,
        };
        if (type is TarEntryType.SymbolicLink or TarEntryType.HardLink)
        {
            entry.LinkName = type == TarEntryType.HardLink ? ContextEntryCheck.CleanName(link!) : link!;
        }
        else if (entryType == TarEntryType.RegularFile)
        {
            entry.DataStream = data;
        }

        await writer.WriteEntryAsync(entry, ct).ConfigureAwait(false);
        return clean;
    }

    /// <summary>Whether <paramref name="ignore"/> drops the entry; the Dockerfile and <c>.dockerignore</c> always stay, as with the CLI.</summary>
    internal static bool IsDropped(DockerIgnore? ignore, string keep, string clean) =>
        ignore is not null && clean != keep && clean != IgnoreFile && ignore.IsExcluded(clean);

    /// <summary>The name of the ignore file in the context root.</summary>
    internal const string IgnoreFile = ".dockerignore";

    internal static async Task<string> ReadSmallTextAsync(Stream data, CancellationToken ct)
    {
        var buffer = new byte[MaxIgnoreFileBytes];
        var read = await data.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct).ConfigureAwait(false);
        return System.Text.Encoding.UTF8.GetString(buffer, 0, read);
    }
}
