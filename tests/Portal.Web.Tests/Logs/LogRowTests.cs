using Portal.Engine.Logs;
using Portal.Web.Logs;

namespace Portal.Web.Tests.Logs;

public sealed class LogRowTests
{
    private static LogRow Row(string text) => new(new LogLine(DateTimeOffset.UnixEpoch, LogStream.Stdout, text), null);

    [Fact]
    public void Highlighted_MatchAcrossStyles_MarkedInEachSpanCaseInsensitive()
    {
        var row = Row("an Error and \u001b[31merror\u001b[0m again");

        var spans = row.Highlighted("error").ToList();

        Assert.Equal(
        [
            new AnsiSpan("an ", null),
            new AnsiSpan("Error", "log-match"),
            new AnsiSpan(" and ", null),
            new AnsiSpan("error", "ansi-fg-1 log-match"),
            new AnsiSpan(" again", null),
        ], spans);
    }

    [Fact]
    public void Buffer_PastCapacity_OldestDroppedAndCounted()
    {
        var buffer = new LogRowBuffer(100);

        for (var i = 0; i < 25; i++)
        {
            buffer.Append([.. Enumerable.Range(i * 10, 10).Select(n => Row("line " + n))]);
        }

        Assert.True(buffer.Count <= 100);
        Assert.Equal(250 - buffer.Count, buffer.Dropped);
        Assert.Equal("line 249", buffer.Rows[^1].Text);
        Assert.Equal("line " + buffer.Dropped, buffer.Oldest!.Text);
    }

    [Fact]
    public void Buffer_PrependAndFilter_EarlierFirstOnlyMatching()
    {
        var buffer = new LogRowBuffer(10);
        buffer.Append([Row("c ok"), Row("d fail")]);

        var added = buffer.Prepend([.. Enumerable.Range(0, 12).Select(n => Row($"early {n} fail"))]);

        Assert.Equal(8, added);
        Assert.Equal("early 4 fail", buffer.Rows[0].Text);
        Assert.Equal(9, buffer.Matching("FAIL").Count);
    }
}
