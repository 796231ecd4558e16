using Portal.Web.Components.Controls;

namespace Portal.Web.Tests.Controls;

/// <summary>
/// The stats chart reads: the time axis grows with the data (to 15 minutes), the value axis is labelled with
/// units at a round top, "peak" is the highest sample on every chart, and hovering tells a sample's time and value.
/// </summary>
public sealed class StatsChartTests : PortalTestContext
{
    private static readonly DateTime s_now = new(2026, 12, 7, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(4, 10)]
    [InlineData(25, 25)]
    [InlineData(300, 300)]
    [InlineData(1200, 900)]
    public void Scale_WindowGrowsWithTheDataUpToFifteenMinutes(int ageSeconds, int windowSeconds)
    {
        var points = new[] { new ChartPoint(s_now.AddSeconds(-ageSeconds), 1), new ChartPoint(s_now, 2) };

        var scale = ChartGeometry.ScaleFor(points, 1, two: false);

        Assert.Equal(TimeSpan.FromSeconds(windowSeconds), scale.Window);
        Assert.Equal(s_now - scale.Window, scale.Start);
    }

    [Theory]
    [InlineData(0.3, 0.5)]
    [InlineData(7, 10)]
    [InlineData(100, 100)]
    [InlineData(101, 200)]
    [InlineData(2100, 2500)]
    [InlineData(0, 1)]
    public void NiceCeiling_RoundsUpToOneTwoTwoAndAHalfOrFive(double value, double expected) =>
        Assert.Equal(expected, ChartGeometry.NiceCeiling(value), 9);

    [Theory]
    [InlineData(808 * 1024, 1024 * 1024)]
    [InlineData(3 * 1024 * 1024, 5 * 1024 * 1024)]
    [InlineData(900, 1000)]
    public void NiceBinaryCeiling_CountsInKibMibGib(double value, double expected) =>
        Assert.Equal(expected, ChartGeometry.NiceBinaryCeiling(value), 6);

    [Fact]
    public void TenSecondsOfSamples_FillTheChartFromLeftToRight()
    {
        var points = Enumerable.Range(0, 31).Select(i => new ChartPoint(s_now.AddSeconds(i - 30), i)).ToList();

        var scale = ChartGeometry.ScaleFor(points, 1, two: false);
        var xs = ChartGeometry.Polyline(points, p => p.A, scale).Split(' ').Select(p => double.Parse(p.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();

        Assert.Equal(0, xs[0]);
        Assert.Equal(ChartGeometry.Width, xs[^1]);
    }

    [Fact]
    public void Render_LabelsTheAxesWithUnits_PeakIsTheHighestSample_HoverNamesTimeAndValue()
    {
        var points = new List<ChartPoint>
        {
            new(s_now.AddSeconds(-20), 12.5, 1),
            new(s_now.AddSeconds(-10), 61.25, 2),
            new(s_now, 30, 3),
        };

        var chart = Render<StatsChart>(p => p
            .Add(c => c.Key, "cpu")
            .Add(c => c.Title, "CPU")
            .Add(c => c.Points, points)
            .Add(c => c.Format, v => $"{v:0.00} %")
            .Add(c => c.SeriesA, "CPU %")
            .Add(c => c.MinMax, 1));

        Assert.Equal("100.00 %", chart.Find("[data-testid=axis-top-cpu]").TextContent);
        Assert.Equal("peak 61.25 %", chart.Find("[data-testid=peak-cpu]").TextContent.Trim());
        Assert.Equal("−20 s", chart.Find("[data-testid=window-cpu]").TextContent.Trim());
        var titles = chart.FindAll("[data-testid=band-cpu] title").Select(t => t.TextContent).ToList();
        Assert.Equal(3, titles.Count);
        Assert.Contains(titles, t => t.EndsWith("CPU % 61.25 %", StringComparison.Ordinal) && t.Contains(s_now.AddSeconds(-10).ToLocalTime().ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
    }

    [Fact]
    public void Bands_NeverMoreThanSixty_EachTheNewestSampleOfItsSlice()
    {
        var points = Enumerable.Range(0, 900).Select(i => new ChartPoint(s_now.AddSeconds(i - 899), i)).ToList();

        var bands = ChartGeometry.Bands(points, ChartGeometry.ScaleFor(points, 1, two: false));

        Assert.Equal(ChartGeometry.BandCount, bands.Count);
        Assert.Equal(899, bands[^1].Point.A);
        Assert.All(bands.Zip(bands.Skip(1)), pair => Assert.True(pair.First.Point.Time < pair.Second.Point.Time));
    }
}
