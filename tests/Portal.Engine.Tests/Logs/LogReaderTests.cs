using Portal.Engine.Logs;

namespace Portal.Engine.Tests.Logs;

public sealed class LogReaderTests
{
    private const string T1 = "2026-11-29T20:42:26.123456789Z";
    private const string T2 = "2026-11-29T20:42:27.000000001Z";

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task Multiplexed_FramesSplitAcrossReads_LinesWholeAndStreamsApart(int readSize)
    {
        var stream = LogFrames.Multiplexed(readSize,
            LogFrames.Frame(1, $"{T1} hello wor"),
            LogFrames.Frame(2, $"{T1} oops: half "),
            LogFrames.Frame(1, "ld\n"),
            LogFrames.Frame(2, "an error\r\n"),
            LogFrames.Frame(1, $"{T2} second\n{T2} third\n"));

        var lines = await LogFrames.ReadAllAsync(stream);

        Assert.Equal(["hello world", "oops: half an error", "second", "third"], lines.Select(l => l.Text));
        Assert.Equal([LogStream.Stdout, LogStream.Stderr, LogStream.Stdout, LogStream.Stdout], lines.Select(l => l.Stream));
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 20, 42, 26, TimeSpan.Zero).AddTicks(1_234_567), lines[0].Timestamp);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(4096)]
    public async Task Raw_TtyBytesPassedThrough_PartialLastLineFlushed(int readSize)
    {
        var stream = LogFrames.Raw(readSize, $"{T1} \u001b[31mred\u001b[0m\r\n{T2} no newline at end");

        var lines = await LogFrames.ReadAllAsync(stream);

        Assert.Equal(["\u001b[31mred\u001b[0m", "no newline at end"], lines.Select(l => l.Text));
        Assert.All(lines, l => Assert.Equal(LogStream.Stdout, l.Stream));
        Assert.All(lines, l => Assert.NotNull(l.Timestamp));
    }

    [Fact]
    public void Splitter_LineLongerThanLimit_CutIntoBoundedPieces()
    {
        var splitter = new LogLineSplitter(parseTimestamps: false, maxLineBytes: 10);
        var output = new List<LogLine>();

        splitter.Append("0123456789abcdefghij0123"u8, LogStream.Stdout, output);
        splitter.Append("4\n"u8, LogStream.Stdout, output);

        Assert.Equal(["0123456789", "abcdefghij", "01234"], output.Select(l => l.Text));
    }

    [Fact]
    public void Splitter_MultibyteCharacterSplitBetweenChunks_DecodedWhole()
    {
        var splitter = new LogLineSplitter(parseTimestamps: false);
        var output = new List<LogLine>();
        var bytes = System.Text.Encoding.UTF8.GetBytes("héllo ✓\n");

        splitter.Append(bytes.AsSpan(0, 2), LogStream.Stdout, output);
        splitter.Append(bytes.AsSpan(2, 6), LogStream.Stdout, output);
        splitter.Append(bytes.AsSpan(8), LogStream.Stdout, output);

        Assert.Equal("héllo ✓", Assert.Single(output).Text);
    }

    [Theory]
    [InlineData("2026-11-29T20:42:26Z x", 2026, 0L)]
    [InlineData("2026-11-29T20:42:26.5Z x", 2026, 5_000_000L)]
    [InlineData("2026-11-29T22:42:26.000000100+02:00 x", 2026, 1L)]
    public void Timestamps_ValidPrefix_ParsedToUtc(string text, int year, long ticks)
    {
        var length = LogTimestamps.TryParsePrefix(System.Text.Encoding.UTF8.GetBytes(text), out var parsed);

        Assert.Equal(text.Length - 1, length);
        Assert.Equal(new DateTimeOffset(year, 11, 29, 20, 42, 26, TimeSpan.Zero).AddTicks(ticks), parsed);
    }

    [Theory]
    [InlineData("hello world")]
    [InlineData("2026-13-29T20:42:26Z x")]
    [InlineData("2026-11-29 20:42:26Z x")]
    [InlineData("2026-11-29T20:42:26 x")]
    public void Timestamps_NoTimestamp_LineKeptAsIs(string text)
    {
        Assert.Equal(0, LogTimestamps.TryParsePrefix(System.Text.Encoding.UTF8.GetBytes(text), out _));
    }

    [Fact]
    public void ToEngineTime_FractionalSeconds_NanosecondDigits()
    {
        var time = DateTimeOffset.UnixEpoch.AddSeconds(1_700_000_000).AddTicks(1_234_567);

        Assert.Equal("1700000000.123456700", LogTimestamps.ToEngineTime(time));
    }

    [Theory]
    [InlineData("1700000000", 1_700_000_000.0)]
    [InlineData("1700000000.5", 1_700_000_000.5)]
    [InlineData("10m", 1_800_000_000.0 - 600)]
    [InlineData("1h30m", 1_800_000_000.0 - 5400)]
    [InlineData("2027-01-15T08:00:00Z", 1_800_000_000.0)]
    public void TimeParser_DockerForms_Accepted(string text, double expectedUnixSeconds)
    {
        var now = DateTimeOffset.UnixEpoch.AddSeconds(1_800_000_000);

        Assert.True(LogTimeParser.TryParse(text, now, out var value));
        Assert.Equal(expectedUnixSeconds, (value - DateTimeOffset.UnixEpoch).TotalSeconds, precision: 3);
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("10x")]
    public void TimeParser_Nonsense_Refused(string text)
    {
        Assert.False(LogTimeParser.TryParse(text, DateTimeOffset.UnixEpoch, out _));
    }

    [Fact]
    public void Merge_LinesOfSeveralContainers_InterleavedByTimeStablePerContainer()
    {
        var t0 = DateTimeOffset.UnixEpoch;
        var lines = new[]
        {
            new MergedLogLine("a", new LogLine(t0.AddSeconds(1), LogStream.Stdout, "a1")),
            new MergedLogLine("a", new LogLine(null, LogStream.Stdout, "a1-cont")),
            new MergedLogLine("a", new LogLine(t0.AddSeconds(3), LogStream.Stdout, "a3")),
            new MergedLogLine("b", new LogLine(t0.AddSeconds(2), LogStream.Stderr, "b2")),
            new MergedLogLine("b", new LogLine(t0.AddSeconds(3), LogStream.Stdout, "b3")),
        };

        var merged = LogMerge.ByTime(lines);

        Assert.Equal(["a1", "a1-cont", "b2", "a3", "b3"], merged.Select(l => l.Line.Text));
    }
}
