using Portal.Engine.Logs;

namespace Portal.Engine.Tests.Logs;

public sealed class LogReorderWindowTests
{
    private static readonly TimeSpan s_window = TimeSpan.FromMilliseconds(250);
    private static readonly DateTimeOffset s_t0 = DateTimeOffset.UnixEpoch;

    [Fact]
    public void Release_OlderLineOfAnotherContainerInALaterBatch_ComesOutFirst()
    {
        var window = new LogReorderWindow(s_window, 100);
        window.Add(Line("busy", 1.000, "busy-1.000"), Ms(0));
        window.Add(Line("busy", 1.200, "busy-1.200"), Ms(0));

        var early = window.Release(Ms(100));
        window.Add(Line("quiet", 0.900, "quiet-0.900"), Ms(120));
        window.Add(Line("quiet", 1.100, "quiet-1.100"), Ms(120));
        var due = window.Release(Ms(250));
        var rest = window.Release(Ms(370));

        Assert.Empty(early);
        Assert.Equal(["quiet-0.900", "busy-1.000", "quiet-1.100", "busy-1.200"], due.Select(l => l.Line.Text));
        Assert.Empty(rest);
        Assert.Equal((0, 0L), (window.Count, window.Late));
    }

    [Fact]
    public void Release_DueLine_TakesOnlyOlderWaitingLinesWithIt()
    {
        var window = new LogReorderWindow(s_window, 100);
        window.Add(Line("a", 2.0, "a-2"), Ms(0));
        window.Add(Line("b", 5.0, "b-5"), Ms(200));
        window.Add(Line("b", 1.0, "b-1"), Ms(200));

        var first = window.Release(Ms(250));

        Assert.Equal(["b-1", "a-2"], first.Select(l => l.Line.Text));
        Assert.Equal(TimeSpan.FromMilliseconds(200), window.NextDue(Ms(250)));
        Assert.Equal(["b-5"], window.Release(Ms(450)).Select(l => l.Line.Text));
        Assert.Null(window.NextDue(Ms(450)));
    }

    [Fact]
    public void Release_LineLaterThanTheWindow_ShownNextAndCountedLate()
    {
        var window = new LogReorderWindow(s_window, 100);
        window.Add(Line("a", 3.0, "a-3"), Ms(0));
        var first = window.Release(Ms(250));

        window.Add(Line("b", 2.0, "b-2"), Ms(900));
        var late = window.Release(Ms(1150));

        Assert.Equal(["a-3"], first.Select(l => l.Line.Text));
        Assert.Equal(["b-2"], late.Select(l => l.Line.Text));
        Assert.Equal(1, window.Late);
    }

    [Fact]
    public void Add_PastTheCapacity_OldestLeaveAtOnceTheRestWait()
    {
        var window = new LogReorderWindow(s_window, 3);
        for (var i = 5; i >= 1; i--)
        {
            window.Add(Line("a", i, "a-" + i), Ms(0));
        }

        var forced = window.Release(Ms(1));

        Assert.Equal(["a-1", "a-2"], forced.Select(l => l.Line.Text));
        Assert.Equal(3, window.Count);
        Assert.Equal(["a-3", "a-4", "a-5"], window.Release(Ms(0), flush: true).Select(l => l.Line.Text));
    }

    [Fact]
    public void Add_LinesWithoutTimestamp_StayBehindTheirContainersPreviousLine()
    {
        var window = new LogReorderWindow(s_window, 100);
        window.Add(Line("a", 1.0, "a-1"), Ms(0));
        window.Add(new MergedLogLine("a", new LogLine(null, LogStream.Stdout, "a-1-continued")), Ms(0));
        window.Add(Line("b", 0.5, "b-0.5"), Ms(10));
        window.Add(Line("b", 1.5, "b-1.5"), Ms(10));

        var all = window.Release(Ms(260));

        Assert.Equal(["b-0.5", "a-1", "a-1-continued", "b-1.5"], all.Select(l => l.Line.Text));
    }

    private static MergedLogLine Line(string container, double seconds, string text) =>
        new(container, new LogLine(s_t0.AddSeconds(seconds), LogStream.Stdout, text));

    private static TimeSpan Ms(int ms) => TimeSpan.FromMilliseconds(ms);
}
