using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Portal.Engine.Images.Build;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Tests.Images.Build;

public sealed class ContextStreamerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Tar_ForwardedCleanedIntoUnseekableBody_SpoolHoldsUpload()
    {
        var upload = Tar(w =>
        {
            File(w, "./Dockerfile", "FROM x");
            File(w, "a//b.txt", "b");
            w.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "run.sh") { DataStream = Bytes("#!/bin/sh"), Mode = (UnixFileMode)Convert.ToInt32("4755", 8) });
        });

        var (forwarded, entries, spool, _) = await ForwardAsync(upload);

        Assert.True(forwarded);
        Assert.Equal(["Dockerfile", "a/b.txt", "run.sh"], entries.Keys);
        Assert.Equal("b", entries["a/b.txt"].Text);
        Assert.Equal((UnixFileMode)Convert.ToInt32("755", 8), entries["run.sh"].Mode);
        Assert.Equal(upload.ToArray(), spool);
    }

    [Fact]
    public async Task DockerIgnoreFirst_FiltersWhileStreaming()
    {
        var (forwarded, entries, _, _) = await ForwardAsync(Tar(w =>
        {
            File(w, ".dockerignore", "secret.txt\n**/*.log\nDockerfile\n");
            File(w, "Dockerfile", "FROM x");
            File(w, "secret.txt", "s");
            File(w, "logs/a.log", "l");
            File(w, "keep.txt", "k");
        }));

        Assert.True(forwarded);
        Assert.Equal([".dockerignore", "Dockerfile", "keep.txt"], entries.Keys);
        Assert.Equal("secret.txt\n**/*.log\nDockerfile\n", entries[".dockerignore"].Text);
    }

    [Fact]
    public async Task LateDockerIgnore_ExcludingNothingSent_StillStreams()
    {
        var (forwarded, entries, _, _) = await ForwardAsync(Tar(w =>
        {
            File(w, "Dockerfile", "FROM x");
            File(w, ".dockerignore", "secret.txt\n");
            File(w, "secret.txt", "s");
        }));

        Assert.True(forwarded);
        Assert.Equal(["Dockerfile", ".dockerignore"], entries.Keys);
    }

    [Fact]
    public async Task LateDockerIgnore_ExcludingSentEntry_AsksForReplay_WithWholeUploadSpooled()
    {
        var upload = Tar(w =>
        {
            File(w, "secret.txt", "s");
            File(w, ".dockerignore", "secret.txt\n");
            File(w, "Dockerfile", "FROM x");
        });

        var (forwarded, _, spool, _) = await ForwardAsync(upload);

        Assert.False(forwarded);
        Assert.Equal(upload.ToArray(), spool);
    }

    [Fact]
    public async Task EscapingEntry_RefusedAtIt_BeforeTheRestIsRead()
    {
        var upload = Tar(w =>
        {
            File(w, "Dockerfile", "FROM x");
            Link(w, "etc-link", "../../etc");
            File(w, "big.bin", new string('x', 1 << 20));
        });
        using var spool = new MemoryStream();
        var tee = new UploadTee(upload, spool, 1L << 30);

        var ex = await Assert.ThrowsAsync<OperationFailedException>(() =>
            ContextStreamer.ForwardAsync(tee, null, null, null, 1L << 30, new UnseekableStream(new MemoryStream()), Token));

        Assert.Equal("The build context entry 'etc-link' is a symbolic link to '../../etc', outside the context; such entries are refused.", ex.Message);
        Assert.True(tee.Total < 1 << 20, $"read {tee.Total} bytes of {upload.Length}");
    }

    [Fact]
    public async Task Gzip_Streamed_ZipSpooledForReplay()
    {
        var gz = new MemoryStream();
        await using (var gzip = new GZipStream(gz, CompressionMode.Compress, leaveOpen: true))
        {
            await Tar(w => File(w, "dir/f.txt", "gz")).CopyToAsync(gzip, Token);
        }

        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            archive.CreateEntry("f.txt");
        }

        gz.Position = 0;
        zip.Position = 0;
        var (gzForwarded, gzEntries, _, _) = await ForwardAsync(gz);
        var (zipForwarded, _, zipSpool, _) = await ForwardAsync(zip);

        Assert.True(gzForwarded);
        Assert.Equal("gz", gzEntries["dir/f.txt"].Text);
        Assert.False(zipForwarded);
        Assert.Equal(zip.ToArray(), zipSpool);
    }

    [Fact]
    public async Task Upload_OverLimit_Refused()
    {
        var upload = Tar(w => File(w, "big.bin", new string('x', 64 * 1024)));
        var tee = new UploadTee(upload, new MemoryStream(), 16 * 1024);

        var ex = await Assert.ThrowsAsync<OperationFailedException>(() =>
            ContextStreamer.ForwardAsync(tee, null, null, null, 16 * 1024, new UnseekableStream(new MemoryStream()), Token));

        Assert.Equal("The build context is larger than the limit of 16 KiB.", ex.Message);
    }

    [Fact]
    public async Task Labels_AppendedToTheDockerfileOnly_AsOneLine()
    {
        var upload = Tar(w =>
        {
            File(w, "other/Dockerfile", "FROM y");
            File(w, "./build/App.Dockerfile", "FROM x\nRUN true");
        });

        var (forwarded, entries, _, _) = await ForwardAsync(upload, "build/App.Dockerfile", s_labels);

        Assert.True(forwarded);
        Assert.Equal("FROM x\nRUN true\nLABEL \"io.portal.owner\"=\"ann\" \"io.portal.team\"=\"blue\"\n", entries["build/App.Dockerfile"].Text);
        Assert.Equal("FROM y", entries["other/Dockerfile"].Text);
    }

    [Fact]
    public async Task Labels_DockerfileMissingOrALinkOrUnlabellable_GivesUpSoTheReplaySendsThem()
    {
        var missing = await ForwardAsync(Tar(w => File(w, "dockerfile", "FROM x")), null, s_labels);
        var link = await ForwardAsync(Tar(w =>
        {
            File(w, "real", "FROM x");
            Link(w, "Dockerfile", "real");
        }), null, s_labels);
        var continued = await ForwardAsync(Tar(w => File(w, "Dockerfile", "FROM x\nRUN true \\\n")), null, s_labels);
        // Unpacked, "d/Dockerfile" goes through the link d -> . and overwrites the labelled file.
        var overwrite = await ForwardAsync(Tar(w =>
        {
            File(w, "Dockerfile", "FROM x");
            Link(w, "d", ".");
            File(w, "d/Dockerfile", "FROM x\nLABEL io.portal.team=other");
        }), null, s_labels);
        var notUtf8 = Tar(w => w.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "Dockerfile") { DataStream = new MemoryStream([0x46, 0xff, 0x0a]) }));
        var bytes = notUtf8.ToArray();
        var invalid = await ForwardAsync(notUtf8, null, s_labels);

        Assert.False(missing.Forwarded);
        Assert.False(link.Forwarded);
        Assert.False(continued.Forwarded);
        Assert.False(overwrite.Forwarded);
        Assert.False(invalid.Forwarded);
        Assert.Equal(bytes, invalid.Spool);
    }

    private static readonly Dictionary<string, string> s_labels = new() { ["io.portal.team"] = "blue", ["io.portal.owner"] = "ann" };

    private static async Task<(bool Forwarded, Dictionary<string, (string Text, UnixFileMode Mode)> Entries, byte[] Spool, long Read)> ForwardAsync(MemoryStream upload,
        string? dockerfile = null, IReadOnlyDictionary<string, string>? labels = null, Func<string, CancellationToken, Task>? check = null)
    {
        using var spool = new MemoryStream();
        using var body = new MemoryStream();
        var tee = new UploadTee(upload, spool, 1L << 30);

        var forwarded = await ContextStreamer.ForwardAsync(tee, dockerfile, labels, check, 1L << 30, new UnseekableStream(body), Token);

        var entries = new Dictionary<string, (string, UnixFileMode)>();
        if (forwarded)
        {
            body.Position = 0;
            await using var reader = new TarReader(body);
            while (await reader.GetNextEntryAsync(cancellationToken: Token) is { } entry)
            {
                entries[entry.Name] = (entry.DataStream is null ? "" : await new StreamReader(entry.DataStream).ReadToEndAsync(Token), entry.Mode);
            }
        }

        return (forwarded, entries, spool.ToArray(), tee.Total);
    }

    [Fact]
    public async Task Check_SeesEveryDockerfileTheEngineCouldRead_AsItArrives_RefusalStopsTheRest()
    {
        var seen = new List<string>();
        Task Check(string text, CancellationToken _)
        {
            seen.Add(text);
            return text.Contains("lk-img", StringComparison.Ordinal) ? throw OperationFailedException.Invalid("refused") : Task.CompletedTask;
        }

        var upload = Tar(w =>
        {
            File(w, "dockerfile", "FROM lower");
            File(w, "./Dockerfile", "FROM first");
            File(w, "other/Dockerfile", "FROM other");
            File(w, "Dockerfile", "FROM lk-img:1");
            File(w, "big.bin", new string('x', 1 << 20));
        });
        using var spool = new MemoryStream();
        var tee = new UploadTee(upload, spool, 1L << 30);

        var ex = await Assert.ThrowsAsync<OperationFailedException>(() =>
            ContextStreamer.ForwardAsync(tee, null, null, Check, 1L << 30, new UnseekableStream(new MemoryStream()), Token));

        Assert.Equal("refused", ex.Message);
        Assert.Equal(["FROM lower", "FROM first", "FROM lk-img:1"], seen);
        Assert.True(tee.Total < 1 << 20, $"read {tee.Total} bytes of {upload.Length}");
    }

    [Fact]
    public async Task Check_ALinkOrADockerfileThatIsNoPlainFile_GivesUpForTheReplay()
    {
        Task Pass(string text, CancellationToken _) => Task.CompletedTask;

        var link = await ForwardAsync(Tar(w =>
        {
            File(w, "Dockerfile", "FROM x");
            Link(w, "d", ".");
        }), check: Pass);
        var folder = await ForwardAsync(Tar(w => w.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "Dockerfile/"))), check: Pass);
        var plain = await ForwardAsync(Tar(w => File(w, "Dockerfile", "FROM x")), check: Pass);

        Assert.False(link.Forwarded);
        Assert.False(folder.Forwarded);
        Assert.True(plain.Forwarded);
        Assert.Equal("FROM x", plain.Entries["Dockerfile"].Text);
    }

    private static MemoryStream Tar(Action<TarWriter> write)
    {
        var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            write(writer);
        }

        stream.Position = 0;
        return stream;
    }

    private static MemoryStream Bytes(string text) => new(Encoding.UTF8.GetBytes(text));

    private static void File(TarWriter writer, string name, string text) =>
        writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = Bytes(text) });

    private static void Link(TarWriter writer, string name, string target) =>
        writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target });

    /// <summary>The engine's request body: written front to back, never seekable.</summary>
    private sealed class UnseekableStream(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);
    }
}
