using System.Formats.Tar;
using System.IO.Compression;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Images.Build;

/// <summary>
/// Checks, filters and re-writes an uploaded tar or tar.gz context entry by entry straight into
/// the engine's request body while the upload still arrives, so the engine receives the context
/// as soon as Portal does instead of after it was stored and read twice.
/// </summary>
/// <remarks>
/// <c>.dockerignore</c> can come anywhere in a tar. Until it shows up every forwarded name is
/// remembered (at most <see cref="MaxRememberedNames"/>); when it excludes one of them, or the
/// names overflowed, the forward gives up and the caller replays the upload from the spool with
/// the slower two-pass writer. Zip is never streamed: its index sits at its end.
/// </remarks>
public static class ContextStreamer
{
    /// <summary>Names kept for the late-<c>.dockerignore</c> check; beyond them a late ignore file always means a replay.</summary>
    public const int MaxRememberedNames = 100_000;

    private const int MaxIgnoreFileBytes = 1 << 20;

    private static readonly System.Text.UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Forwards the upload read through <paramref name="upload"/> into <paramref name="engine"/>; true when the
    /// whole context went through, false when it must be replayed from the spool (already drained to its end).
    /// Refusals (escaping entries, special files, size) throw <see cref="OperationFailedException"/> at the first bad entry.
    /// With <paramref name="labels"/>, the Dockerfile carries them (<see cref="DockerfileLabels"/>); when it cannot
    /// (missing, a link, too large), or the context holds any link (through which a later entry could overwrite it),
    /// the forward gives up too, so the replay can send them as the labels parameter.
    /// With <paramref name="checkDockerfile"/>, every entry the engine could read as the Dockerfile is checked when it
    /// arrives, before the end of the context goes to the engine, so a refusal aborts the upload; one that is not a
    /// plain file, or any link in the context, gives up, so the replay finds (or refuses) the file the engine would read.
    /// </summary>
    public static async Task<bool> ForwardAsync(UploadTee upload, string? dockerfile, IReadOnlyDictionary<string, string>? labels,
        Func<string, CancellationToken, Task>? checkDockerfile, long limit, Stream engine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var head = await upload.PeekAsync(4, cancellationToken).ConfigureAwait(false);
        if (head is [(byte)'P', (byte)'K', ..])
        {
            await upload.DrainAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }

        var source = head is [0x1f, 0x8b, ..] ? new GZipStream(upload, CompressionMode.Decompress, leaveOpen: true) : (Stream)upload;
        await using var _ = source.ConfigureAwait(false);
        var reader = new TarReader(source, leaveOpen: true);
        await using var __ = reader.ConfigureAwait(false);
        var writer = new TarWriter(new LimitStream(engine, limit), TarEntryFormat.Pax, leaveOpen: true);
        var keep = BuildContextWriter.DockerfileName(dockerfile);
        DockerIgnore? ignore = null;
        var sent = new List<string>();
        var overflow = false;
        var labelled = false;
        void Remember(string? written)
        {
            if (ignore is null && written is not null)
            {
                overflow |= sent.Count >= MaxRememberedNames;
                if (!overflow)
                {
                    sent.Add(written);
                }
            }
        }

        try
        {
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                var meta = (entry.ModificationTime, entry.Mode);
                if ((labels is not null || checkDockerfile is not null) && entry.EntryType is TarEntryType.SymbolicLink or TarEntryType.HardLink)
                {
                    // Unpacked, a link lets a later entry write over the Dockerfile: such a context takes the labels by parameter,
                    // and its Dockerfile is found (or refused) on the whole context.
                    await upload.DrainAsync(cancellationToken).ConfigureAwait(false);
                    return false;
                }

                var clean = ContextEntryCheck.CleanName(entry.Name);
                var isDockerfile = clean == keep;
                // Without a "Dockerfile" the engine reads "dockerfile".
                var checkedToo = checkDockerfile is not null && keep == "Dockerfile" && clean == "dockerfile" && !BuildContextWriter.IsDropped(ignore, keep, clean);
                if ((isDockerfile && (labels is not null || checkDockerfile is not null)) || checkedToo)
                {
                    var bytes = await ReadDockerfileAsync(entry, cancellationToken).ConfigureAwait(false);
                    if (checkDockerfile is not null && bytes is not null)
                    {
                        await checkDockerfile(System.Text.Encoding.UTF8.GetString(bytes), cancellationToken).ConfigureAwait(false);
                    }

                    if (isDockerfile && labels is not null && bytes is not null)
                    {
                        bytes = LabelledDockerfile(bytes, labels);
                        labelled = bytes is not null;
                    }

                    if (bytes is null)
                    {
                        await upload.DrainAsync(cancellationToken).ConfigureAwait(false);
                        return false;
                    }

                    using var text = new MemoryStream(bytes, writable: false);
                    var copied = await BuildContextWriter.CopyEntryAsync(writer, ignore, keep, entry.EntryType, entry.Name, null, text, meta, cancellationToken).ConfigureAwait(false);
                    Remember(copied);
                    continue;
                }

                if (ignore is null && entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && entry.DataStream is not null
                    && ContextEntryCheck.CleanName(entry.Name) == BuildContextWriter.IgnoreFile)
                {
                    if (entry.Length > MaxIgnoreFileBytes)
                    {
                        await upload.DrainAsync(cancellationToken).ConfigureAwait(false);
                        return false;
                    }

                    var bytes = new byte[entry.Length];
                    await entry.DataStream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
                    ignore = new DockerIgnore(System.Text.Encoding.UTF8.GetString(bytes));
                    if (overflow || sent.Exists(name => BuildContextWriter.IsDropped(ignore, keep, name)))
                    {
                        // Entries it excludes already reached the engine: start again from the spool.
                        await upload.DrainAsync(cancellationToken).ConfigureAwait(false);
                        return false;
                    }

                    using var text = new MemoryStream(bytes, writable: false);
                    await BuildContextWriter.CopyEntryAsync(writer, ignore, keep, entry.EntryType, entry.Name, entry.LinkName, text, meta, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var data = entry.DataStream is null ? null : new SizedReadStream(entry.DataStream, entry.Length);
                Remember(await BuildContextWriter.CopyEntryAsync(writer, ignore, keep, entry.EntryType, entry.Name, entry.LinkName, data, meta, cancellationToken).ConfigureAwait(false));
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw OperationFailedException.Invalid($"The build context is not a readable tar, tar.gz or zip archive: {ex.Message}");
        }

        if (labels is not null && !labelled)
        {
            // No Dockerfile by that name (the engine may still find one through a link, or by its lower-case name).
            await upload.DrainAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }

        // The end-of-archive blocks; then the rest of the body (tar's record padding) so the whole upload was read before Portal answers.
        await writer.DisposeAsync().ConfigureAwait(false);
        await upload.DrainAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The Dockerfile entry's bytes; null when it is not a plain file or is larger than <see cref="DockerfileLabels.MaxDockerfileBytes"/>.</summary>
    private static async Task<byte[]?> ReadDockerfileAsync(TarEntry entry, CancellationToken cancellationToken)
    {
        if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.Length > DockerfileLabels.MaxDockerfileBytes)
        {
            return null;
        }

        var bytes = new byte[entry.Length];
        if (entry.DataStream is not null)
        {
            await entry.DataStream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
        }

        return bytes;
    }

    /// <summary>The Dockerfile with the labels appended, as UTF-8; null when it cannot take them.</summary>
    private static byte[]? LabelledDockerfile(byte[] bytes, IReadOnlyDictionary<string, string> labels)
    {
        string original;
        try
        {
            original = s_strictUtf8.GetString(bytes);
        }
        catch (System.Text.DecoderFallbackException)
        {
            // Decoding would replace bytes: the file is left as it came and the labels go by parameter.
            return null;
        }

        return DockerfileLabels.Append(original, labels) is { } text ? s_strictUtf8.GetBytes(text) : null;
    }
}
