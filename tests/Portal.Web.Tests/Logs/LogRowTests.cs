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

    [Fact]
    public void Buffer_LongLines_CappedByBytesBeforeCount()
    {
        var buffer = new LogRowBuffer(5_000, 1024 * 1024);
        var line = new string('x', 16 * 1024);

        for (var i = 0; i < 200; i++)
        {
            buffer.Append([Row(line + i)]);
        }

        Assert.InRange(buffer.Bytes, 1, 1024 * 1024);
        Assert.InRange(buffer.Count, 1, 33);
        Assert.Equal(200 - buffer.Count, buffer.Dropped);
        Assert.Equal(buffer.Rows.Sum(r => (long)r.Bytes), buffer.Bytes);
        Assert.EndsWith("199", buffer.Rows[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Buffer_Prepend_StopsAtTheByteCap()
    {
        var buffer = new LogRowBuffer(5_000, 256 * 1024);
        buffer.Append([Row("newest")]);

        var added = buffer.Prepend([.. Enumerable.Range(0, 40).Select(n => Row(new string('y', 8 * 1024) + n))]);

        Assert.InRange(added, 1, 15);
        Assert.InRange(buffer.Bytes, 1, 256 * 1024);
        Assert.EndsWith("39", buffer.Rows[added - 1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Row_Bytes_GrowsWithTheTextAndItsStyles()
    {
        var plain = Row(new string('a', 1000));
        var styled = Row("\u001b[31m" + new string('a', 500) + "\u001b[0m" + new string('a', 500));

        Assert.InRange(plain.Bytes, 2000, 2400);
        Assert.True(styled.Bytes > plain.Bytes + 1900, $"{styled.Bytes} vs {plain.Bytes}");
    }
}
