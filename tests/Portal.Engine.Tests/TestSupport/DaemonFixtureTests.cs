using System.Formats.Tar;
using Portal.TestSupport;

namespace Portal.Engine.Tests.TestSupport;

/// <summary>The engine-test fixture's own guarantees that need no daemon.</summary>
public sealed class DaemonFixtureTests
{
    [Fact]
    public async Task Initialize_NoDaemonAtEndpoint_FailsWithWhatToStart()
    {
        var endpoint = new Uri($"unix:///tmp/portal-test-{Guid.NewGuid():N}.sock");
        await using var fixture = DaemonFixture.ForEndpoint(endpoint);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(async () => await fixture.InitializeAsync());

        Assert.StartsWith($"No Docker daemon answers at {endpoint}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("dockerd", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteRootFs_Applets_BusyboxAndRelativeLinksOwnedByRoot()
    {
        using var tar = new MemoryStream();
        var binary = Path.GetTempFileName();
        await File.WriteAllBytesAsync(binary, new byte[4321], TestContext.Current.CancellationToken);

        try
        {
            await TestImage.WriteRootFsAsync(tar, binary, ["busybox", "sh", "httpd", "sleep", "sh"], TestContext.Current.CancellationToken);
        }
        finally
        {
            File.Delete(binary);
        }

        tar.Position = 0;
        var entries = new Dictionary<string, TarEntry>(StringComparer.Ordinal);
        using var reader = new TarReader(tar);
        while (await reader.GetNextEntryAsync(copyData: false, TestContext.Current.CancellationToken) is { } entry)
        {
            entries[entry.Name] = entry;
        }

        Assert.Equal(TarEntryType.RegularFile, entries["bin/busybox"].EntryType);
        Assert.Equal(4321, entries["bin/busybox"].Length);
        Assert.Equal(["bin/httpd", "bin/sh", "bin/sleep"], entries.Values.Where(e => e.EntryType == TarEntryType.SymbolicLink).Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.All(entries.Values.Where(e => e.EntryType == TarEntryType.SymbolicLink), e => Assert.Equal("busybox", e.LinkName));
        Assert.All(entries.Values, e => Assert.Equal((0, 0), (e.Uid, e.Gid)));
        Assert.True(entries["tmp/"].Mode.HasFlag(UnixFileMode.StickyBit));
        Assert.Contains("etc/passwd", entries.Keys);
    }
}
