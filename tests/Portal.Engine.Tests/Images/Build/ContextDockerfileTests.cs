using System.Formats.Tar;
using System.Text;
using Portal.Engine.Images.Build;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Tests.Images.Build;

public sealed class ContextDockerfileTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NoLinks_TheLastEntryAtThePath_FallingBackToLowerCase()
    {
        Assert.Equal("FROM second", await ReadAsync(w =>
        {
            File(w, "Dockerfile", "FROM first");
            File(w, "sub/Dockerfile", "FROM other");
            File(w, "./Dockerfile", "FROM second");
        }));
        Assert.Equal("FROM lower", await ReadAsync(w => File(w, "dockerfile", "FROM lower")));
        Assert.Equal("FROM sub", await ReadAsync(w => File(w, "sub/App.Dockerfile", "FROM sub"), "./sub//App.Dockerfile"));
        Assert.Null(await ReadAsync(w => File(w, "dockerfile", "FROM lower"), "sub/Dockerfile"));
        // A file taking the place of the folder above it takes the Dockerfile with it.
        Assert.Null(await ReadAsync(w =>
        {
            File(w, "sub/Dockerfile", "FROM x");
            File(w, "sub", "not a folder");
        }, "sub/Dockerfile"));
    }

    [Fact]
    public async Task Links_NotOnTheDockerfilesPath_StillReadIt()
    {
        Assert.Equal("FROM real", await ReadAsync(w =>
        {
            File(w, "Dockerfile", "FROM real");
            Link(w, TarEntryType.SymbolicLink, "bin/tool", "../lib/tool");
            Link(w, TarEntryType.SymbolicLink, "alias", "Dockerfile");
            File(w, "alias", "replaces the link only");
        }));
    }

    public static TheoryData<string, Action<TarWriter>> LinkedDockerfiles => new()
    {
        { "a link", w => { File(w, "real", "FROM x"); Link(w, TarEntryType.SymbolicLink, "Dockerfile", "real"); } },
        { "a hard link", w => { File(w, "real", "FROM x"); Link(w, TarEntryType.HardLink, "Dockerfile", "real"); } },
        { "behind a folder link", w => { File(w, "real/Dockerfile", "FROM x"); Link(w, TarEntryType.SymbolicLink, "sub", "real"); } },
        // Unpacked, "d/Dockerfile" goes through the link d -> . and replaces the plain Dockerfile read first.
        { "written through a folder link", w => { File(w, "Dockerfile", "FROM busybox"); Link(w, TarEntryType.SymbolicLink, "d", "."); File(w, "d/Dockerfile", "FROM lk-img:1"); } },
        { "written through a chain of links", w => { File(w, "Dockerfile", "FROM busybox"); Link(w, TarEntryType.SymbolicLink, "a", "b"); Link(w, TarEntryType.SymbolicLink, "b", "c/.."); File(w, "c/keep", ""); File(w, "a/Dockerfile", "FROM lk-img:1"); } },
    };

    [Theory]
    [MemberData(nameof(LinkedDockerfiles))]
    public async Task Dockerfile_ThroughALink_Refused(string what, Action<TarWriter> write)
    {
        var dockerfile = what == "behind a folder link" ? "sub/Dockerfile" : null;

        var ex = await Assert.ThrowsAsync<OperationFailedException>(() => ReadAsync(write, dockerfile));

        Assert.Equal(OperationOutcome.Invalid, ex.Outcome);
        Assert.StartsWith($"The Dockerfile '{dockerfile ?? "Dockerfile"}' is a link or sits behind one, so Portal cannot check the images it names", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dockerfile_OverOneMiB_Refused()
    {
        var ex = await Assert.ThrowsAsync<OperationFailedException>(() => ReadAsync(w => File(w, "Dockerfile", "FROM x\n" + new string('#', DockerfileLabels.MaxDockerfileBytes))));

        Assert.StartsWith("The Dockerfile 'Dockerfile' is larger than 1 MiB, so Portal cannot check", ex.Message, StringComparison.Ordinal);
    }

    private static async Task<string?> ReadAsync(Action<TarWriter> write, string? dockerfile = null)
    {
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            write(writer);
        }

        tar.Position = 0;
        using var context = await BuildContextWriter.FromArchiveAsync(tar, dockerfile ?? "", 8 << 20, Token);
        return await ContextDockerfile.ReadAsync(context.Path, dockerfile, Token);
    }

    private static void File(TarWriter writer, string name, string text) =>
        writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) });

    private static void Link(TarWriter writer, TarEntryType type, string name, string target) =>
        writer.WriteEntry(new PaxTarEntry(type, name) { LinkName = target });
}
