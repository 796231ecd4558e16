using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Data.Entities;
using Portal.Engine.Logs;
using Portal.Web.Components.Logs;
using Portal.Web.Tests.Fakes;

namespace Portal.Web.Tests.Logs;

public sealed class LogViewerTests : PortalTestContext
{
    private readonly FakeLogOperations _logs = new();

    public LogViewerTests()
    {
        Services.RemoveAll<ILogOperations>();
        Services.AddSingleton<ILogOperations>(_logs);
    }

    [Fact]
    public async Task LogViewer_FourThousandLines_RefreshesBoundedByTimeRowsVirtualizedTextEncoded()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        var cut = Render<LogViewer>(p => p.Add(c => c.Containers, ["web"]));
        var clock = Stopwatch.StartNew();
        var rendersBefore = cut.RenderCount;

        _logs.Push(new LogLine(DateTimeOffset.UnixEpoch, LogStream.Stderr, "\u001b[31m<b>not bold</b>\u001b[0m"));
        for (var batch = 0; batch < 40; batch++)
        {
            _logs.Push([.. Enumerable.Range(batch * 100, 100).Select(n => new LogLine(DateTimeOffset.UnixEpoch.AddSeconds(n), LogStream.Stdout, "line " + n))]);
        }

        cut.WaitForAssertion(() => Assert.Contains("4,001 lines", cut.Find("[data-testid=log-status]").TextContent, StringComparison.Ordinal));
        var renders = cut.RenderCount - rendersBefore;
        Assert.True(renders <= (clock.ElapsedMilliseconds / 100) + 10, $"{renders} renders in {clock.ElapsedMilliseconds} ms for 41 batches");
        Assert.True(cut.FindAll("[data-testid=log-row]").Count < 1_000, "only rows in sight are rendered");
        var first = cut.Find("[data-testid=log-row]");
        Assert.Contains("log-stderr", first.ClassName, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;not bold&lt;/b&gt;", first.InnerHtml, StringComparison.Ordinal);
        Assert.NotNull(first.QuerySelector("span.ansi-fg-1"));
        Assert.Null(first.QuerySelector("b"));
    }

    [Theory]
    [InlineData(20, 12_000, 100)] // short lines: the line cap
    [InlineData(16 * 1024, 300, 10)] // engine-sized lines: the byte cap
    public async Task LogViewer_MoreThanItHolds_KeepsTheNewestWithinBothCapsAndSaysSo(int length, int count, int batchSize)
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        var cut = Render<LogViewer>(p => p.Add(c => c.Containers, ["web"]));
        var text = new string('x', length);

        // Batches the page takes one at a time, so none is lost to the pending cap: the buffer's caps drop them.
        for (var n = 0; n < count; n += batchSize)
        {
            _logs.Push([.. Enumerable.Range(n, Math.Min(batchSize, count - n)).Select(i => new LogLine(DateTimeOffset.UnixEpoch.AddSeconds(i), LogStream.Stdout, text + " " + i))]);
            var last = " " + (Math.Min(n + batchSize, count) - 1);
            var deadline = Stopwatch.StartNew();
            while (!(await cut.InvokeAsync(() => cut.Instance.Buffer.Rows.Count > 0 && cut.Instance.Buffer.Rows[^1].Text.EndsWith(last, StringComparison.Ordinal))))
            {
                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), $"line{last} never reached the page");
                await Task.Delay(10, TestContext.Current.CancellationToken);
            }
        }

        var (held, bytes, dropped) = await cut.InvokeAsync(() => (cut.Instance.Buffer.Count, cut.Instance.Buffer.Bytes, cut.Instance.Buffer.Dropped));
        Assert.InRange(held, 1, LogViewer.MaxLines);
        Assert.InRange(bytes, 1, LogViewer.MaxBytes);
        Assert.Equal(count - held, dropped);
        cut.WaitForAssertion(() => Assert.Contains($"{held:N0} lines", cut.Find("[data-testid=log-status]").TextContent, StringComparison.Ordinal));
        Assert.Contains("older lines were dropped", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LogViewer_Disposed_WatchCancelled()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        var cut = Render<LogViewer>(p => p.Add(c => c.Containers, ["web"]));
        _logs.Push(new LogLine(null, LogStream.Stdout, "hello"));
        cut.WaitForAssertion(() => Assert.Contains("hello", cut.Markup, StringComparison.Ordinal));

        await cut.Instance.DisposeAsync();
        await cut.Instance.DisposeAsync();

        // The watch ends on its own thread after the cancel: awaited, since no render follows to re-check on.
        await _logs.CancelledWatch.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(1, _logs.Cancelled);
    }

    [Fact]
    public async Task LogViewer_Merged_EachContainerNameInItsOwnColour()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        var cut = Render<LogViewer>(p => p.Add(c => c.Containers, ["web", "db"]));

        var at = DateTimeOffset.UnixEpoch;
        _logs.PushMerged(
            new MergedLogLine("web", new LogLine(at, LogStream.Stdout, "GET /")),
            new MergedLogLine("db", new LogLine(at.AddSeconds(1), LogStream.Stdout, "ready")),
            new MergedLogLine("web", new LogLine(at.AddSeconds(2), LogStream.Stderr, "slow")));

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=log-src]").Count));
        var prefixes = cut.FindAll("[data-testid=log-src]").Select(e => (Name: e.TextContent, Colour: e.ClassList.Single(c => c.StartsWith("log-src-", StringComparison.Ordinal)))).ToList();
        Assert.Equal(["web", "db", "web"], prefixes.Select(p => p.Name));
        Assert.Equal(prefixes[0].Colour, prefixes[2].Colour);
        Assert.NotEqual(prefixes[0].Colour, prefixes[1].Colour);
    }
}
