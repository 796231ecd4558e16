using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using CsCheck;
using Portal.Engine.Images.Build;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Tests.Properties;

/// <summary>
/// The build-context readers and the <c>.dockerignore</c> matcher under random and mutated input:
/// an archive is read or refused as invalid (never another exception), and a pattern file never
/// makes a match hang.
/// </summary>
public sealed class BuildContextProperties
{
    private static readonly byte[] s_tar = Tar();
    private static readonly byte[] s_tgz = Gzip(s_tar);
    private static readonly byte[] s_zip = Zip();

    [Fact]
    public async Task ArchiveReader_MutatedTarTgzZip_ReadOrRefusedAsInvalid()
    {
        var path = Path.GetTempFileName();
        try
        {
            await Mutations.OfBytes(s_tar, s_tgz, s_zip).SampleAsync(async bytes =>
            {
                await File.WriteAllBytesAsync(path, bytes);
                long total = 0;
                try
                {
                    await ContextArchive.ReadAsync(path, async (_, name, _, data, _) =>
                    {
                        Assert.NotNull(name);
                        if (data is not null)
                        {
                            total += await DrainAsync(data);
                        }
                    }, TestContext.Current.CancellationToken);
                }
                catch (OperationFailedException ex)
                {
                    Assert.Equal(OperationOutcome.Invalid, ex.Outcome);
                }

                Assert.True(total <= 1 << 20, $"read {total} bytes from a {bytes.Length}-byte archive");
            }, iter: 300, threads: 1);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task ContextStreamer_MutatedTarAndTgz_ForwardedOrRefusedAsInvalid()
    {
        await Mutations.OfBytes(s_tar, s_tgz).SampleAsync(async bytes =>
        {
            using var spool = new MemoryStream();
            using var engine = new MemoryStream();
            var tee = new UploadTee(new MemoryStream(bytes), spool, 1L << 20);
            try
            {
                await ContextStreamer.ForwardAsync(tee, null, null, null, 1L << 20, engine, TestContext.Current.CancellationToken);
            }
            catch (OperationFailedException ex)
            {
                Assert.Equal(OperationOutcome.Invalid, ex.Outcome);
            }

            Assert.True(engine.Length <= (1L << 20) + 64 * 1024);
        }, iter: 300);
    }

    [Fact]
    public void DockerIgnore_RandomPatternsAndPaths_MatchQuicklyWithoutThrowing()
    {
        var patterns = Gen.OneOf(
            Mutations.Of("**/*.log\n!keep.log\nnode_modules\n# c\n/tmp/**/x?\n[a-c]*.txt\n"),
            Gen.String[Gen.Char["*?[]!/\\.a-b\n"], 0, 40]);
        var path = Gen.OneOf(Gen.String[Gen.Char["ab/.*?[]\\"], 0, 40], Gen.OneOf<string>("a/b/c.log", "keep.log", "node_modules/x", "", "/", "../x"));
        Gen.Select(patterns, path).Sample((text, candidate) =>
        {
            var ignore = new DockerIgnore(text);
            var watch = System.Diagnostics.Stopwatch.StartNew();

            _ = ignore.IsExcluded(candidate);

            Assert.True(watch.Elapsed < TimeSpan.FromMilliseconds(500), $"'{candidate}' against '{text}' took {watch.Elapsed}");
        }, iter: 3000);
    }

    [Fact]
    public void DockerIgnore_PathologicalStars_DoNotBacktrack()
    {
        var ignore = new DockerIgnore(string.Concat(Enumerable.Repeat("*a", 30)) + "b\n" + string.Concat(Enumerable.Repeat("**/", 30)) + "z");
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var excluded = ignore.IsExcluded(new string('a', 200)) || ignore.IsExcluded(string.Concat(Enumerable.Repeat("a/", 100)) + "y");

        Assert.False(excluded);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.Elapsed}");
    }

    private static async Task<long> DrainAsync(Stream data)
    {
        var buffer = new byte[8192];
        long total = 0;
        int read;
        while ((read = await data.ReadAsync(buffer, TestContext.Current.CancellationToken)) > 0)
        {
            total += read;
        }

        return total;
    }

    private static byte[] Tar()
    {
        using var memory = new MemoryStream();
        using (var writer = new TarWriter(memory, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, text) in new[] { ("Dockerfile", "FROM busybox\nCOPY . /app\n"), (".dockerignore", "*.log\n"), ("src/app.sh", "#!/bin/sh\necho hi\n") })
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) });
            }

            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "empty/"));
            writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "link") { LinkName = "src/app.sh" });
        }

        return memory.ToArray();
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return memory.ToArray();
    }

    private static byte[] Zip()
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in new[] { ("Dockerfile", "FROM busybox\n"), ("src/app.sh", new string('x', 2000)) })
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(Encoding.UTF8.GetBytes(text));
            }

            zip.CreateEntry("dir/");
        }

        return memory.ToArray();
    }
}
