using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Portal.Engine.Images.Build;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Tests.Images.Build;

public sealed class BuildContextWriterTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/etc/passwd", "has an absolute path")]
    [InlineData("../x", "contains a '..' segment")]
    [InlineData("a/../../x", "contains a '..' segment")]
    public async Task Entry_EscapingName_RefusedNamingIt(string name, string why)
    {
        var ex = await Assert.ThrowsAsync<OperationFailedException>(() => WriteAsync(Tar(w => File(w, name, "x"))));

        Assert.Equal(OperationOutcome.Invalid, ex.Outcome);
        Assert.Equal($"The build context entry '{name}' {why}; such entries are refused.", ex.Message);
    }

    [Theory]
    [InlineData("link", "../outside")]
    [InlineData("a/link", "../../outside")]
    [InlineData("link", "/etc/passwd")]
    public async Task SymbolicLink_OutsideContext_Refused(string name, string target)
    {
        var ex = await Assert.ThrowsAsync<OperationFailedException>(() => WriteAsync(Tar(w => Link(w, TarEntryType.SymbolicLink, name, target))));

        Assert.StartsWith($"The build context entry '{name}' is a symbolic link to", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Links_InsideContext_Kept()
    {
        var entries = await EntriesAsync(await WriteAsync(Tar(w =>
        {
            File(w, "a/file", "x");
            Link(w, TarEntryType.SymbolicLink, "a/sym", "../a/file");
            Link(w, TarEntryType.HardLink, "hard", "a/file");
        })));

        Assert.Equal(["a/file", "a/sym", "hard"], entries.Keys);
    }

    [Fact]
    public async Task ExecutableMode_Kept_SetIdDropped()
    {
        var context = await WriteAsync(Tar(w => w.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "run.sh")
        {
            DataStream = new MemoryStream("#!/bin/sh"u8.ToArray()),
            Mode = (UnixFileMode)Convert.ToInt32("4755", 8),
        })));
        using var _ = context;
        await using var reader = new TarReader(context.OpenRead());

        Assert.Equal((UnixFileMode)Convert.ToInt32("755", 8), (await reader.GetNextEntryAsync(cancellationToken: Token))!.Mode);
    }

    [Fact]
    public async Task HardLink_OutsideContext_Refused()
    {
        var ex = await Assert.ThrowsAsync<OperationFailedException>(() => WriteAsync(Tar(w => Link(w, TarEntryType.HardLink, "hard", "../x"))));

        Assert.Equal("The build context entry 'hard' is a hard link to '../x', outside the context; such entries are refused.", ex.Message);
    }

    [Fact]
    public async Task DockerIgnore_FiltersButKeepsDockerfileAndItself()
    {
        var entries = await EntriesAsync(await WriteAsync(Tar(w =>
        {
            File(w, "./Dockerfile", "FROM x");
            File(w, "secret.txt", "s");
            File(w, "logs/a.log", "l");
            File(w, "keep.txt", "k");
            File(w, ".dockerignore", "secret.txt\n**/*.log\nDockerfile\n");
        })));

        Assert.Equal(["Dockerfile", "keep.txt", ".dockerignore"], entries.Keys);
        Assert.Equal("k", entries["keep.txt"]);
    }

    [Fact]
    public async Task ZipAndGzip_BecomeTheSameTar()
    {
        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            archive.CreateEntry("dir/");
            using var writer = new StreamWriter(archive.CreateEntry("dir/f.txt").Open());
            writer.Write("zip");
        }

        var gz = new MemoryStream();
        using (var gzip = new GZipStream(gz, CompressionMode.Compress, leaveOpen: true))
        {
            Tar(w => File(w, "dir/f.txt", "gz")).CopyTo(gzip);
        }

        zip.Position = 0;
        gz.Position = 0;
        Assert.Equal("zip", (await EntriesAsync(await WriteAsync(zip)))["dir/f.txt"]);
        Assert.Equal("gz", (await EntriesAsync(await WriteAsync(gz)))["dir/f.txt"]);
    }

    [Fact]
    public async Task Upload_OverLimit_RefusedWhileCopying()
    {
        var ex = await Assert.ThrowsAsync<OperationFailedException>(() =>
            BuildContextWriter.FromArchiveAsync(new MemoryStream(new byte[5000]), "", 4096, Token));

        Assert.Equal("The build context is larger than the limit of 4 KiB.", ex.Message);
    }

    private static Task<PreparedContext> WriteAsync(Stream archive) => BuildContextWriter.FromArchiveAsync(archive, "", 1 << 20, Token);

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

    private static void File(TarWriter writer, string name, string text) =>
        writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) });

    private static void Link(TarWriter writer, TarEntryType type, string name, string target) =>
        writer.WriteEntry(new PaxTarEntry(type, name) { LinkName = target });

    private static async Task<Dictionary<string, string>> EntriesAsync(PreparedContext context)
    {
        using var _ = context;
        var result = new Dictionary<string, string>();
        await using var reader = new TarReader(context.OpenRead());
        while (await reader.GetNextEntryAsync(cancellationToken: Token) is { } entry)
        {
            result[entry.Name] = entry.DataStream is null ? "" : await new StreamReader(entry.DataStream).ReadToEndAsync(Token);
        }

        return result;
    }
}
