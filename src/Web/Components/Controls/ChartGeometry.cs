using System.Globalization;
using System.Text;

namespace Portal.Web.Components.Controls;

/// <summary>What a <see cref="StatsChart"/> draws: its time window, value scale and hover bands.</summary>
/// <param name="Start">Left edge of the time axis.</param>
/// <param name="Window">Width of the time axis: the data's age, at least <see cref="ChartGeometry.MinWindow"/>, at most <see cref="ChartGeometry.MaxWindow"/>.</param>
/// <param name="Top">Value at the top of the chart: a round number above the peak, at least the chart's minimum.</param>
public readonly record struct ChartScale(DateTime Start, TimeSpan Window, double Top);

/// <summary>One hover band: its left edge and width in chart units, and the newest sample inside it.</summary>
public readonly record struct ChartBand(double X, double Width, ChartPoint Point);

/// <summary>The arithmetic of <see cref="StatsChart"/>, kept apart so it can be tested without a renderer.</summary>
public static class ChartGeometry
{
    public const int Width = 600;
    public const int Height = 100;

    /// <summary>Hover bands across the window: fine enough to point at a spike, few enough to render every second.</summary>
    public const int BandCount = 60;

    public static readonly TimeSpan MinWindow = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MaxWindow = TimeSpan.FromMinutes(15);

    /// <summary>Horizontal gridlines at a quarter, half and three quarters of the height.</summary>
    public static readonly IReadOnlyList<double> GridLines = [Height * 0.25, Height * 0.5, Height * 0.75];

    /// <summary>The window and value scale for <paramref name="points"/>.</summary>
    /// <param name="points">Samples, oldest first.</param>
    /// <param name="minTop">Lowest top of the scale.</param>
    /// <param name="two">Whether the second series is drawn (and counts for the peak).</param>
    /// <param name="binary">Byte values: the top is a round number of KiB, MiB or GiB rather than of thousands.</param>
    public static ChartScale ScaleFor(IReadOnlyList<ChartPoint> points, double minTop, bool two, bool binary = false)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0)
        {
            return new ChartScale(DateTime.UtcNow - MinWindow, MinWindow, Math.Max(minTop, 1));
        }

        var end = points[^1].Time;
        var age = end - points[0].Time;
        var window = age < MinWindow ? MinWindow : age > MaxWindow ? MaxWindow : age;
        var start = end - window;
        var scale = new ChartScale(start, window, 0);
        var top = Math.Max(minTop, Peak(points, scale, two));
        return scale with { Top = binary ? NiceBinaryCeiling(top) : NiceCeiling(top) };
    }

    /// <summary>The highest sample inside the window.</summary>
    public static double Peak(IReadOnlyList<ChartPoint> points, ChartScale scale, bool two)
    {
        ArgumentNullException.ThrowIfNull(points);
        var peak = 0d;
        foreach (var p in points)
        {
            if (p.Time >= scale.Start)
            {
                peak = Math.Max(peak, two ? Math.Max(p.A, p.B) : p.A);
            }
        }

        return peak;
    }

    /// <summary>1, 2, 2.5 or 5 times a power of ten, at or above <paramref name="value"/>: axis labels that read.</summary>
    public static double NiceCeiling(double value)
    {
        if (value <= 0 || double.IsNaN(value) || double.IsInfinity(value))
        {
            return 1;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in (ReadOnlySpan<double>)[1, 2, 2.5, 5, 10])
        {
            if (step * magnitude >= value * (1 - 1e-9))
            {
                return step * magnitude;
            }
        }

        return 10 * magnitude;
    }

    /// <summary><see cref="NiceCeiling"/> counted in KiB, MiB, GiB…: 808 KiB becomes 1 MiB, not 976.56 KiB.</summary>
    public static double NiceBinaryCeiling(double value)
    {
        if (value < 1024)
        {
            return NiceCeiling(value);
        }

        var unit = Math.Pow(1024, Math.Floor(Math.Log(value, 1024)));
        var nice = NiceCeiling(value / unit);
        // 1000 KiB reads worse than 1 MiB: past 512 of a unit the next unit is the round number.
        return (nice > 512 ? 1024 : nice) * unit;
    }

    public static string Polyline(IReadOnlyList<ChartPoint> points, Func<ChartPoint, double> value, ChartScale scale)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(value);
        var text = new StringBuilder(points.Count * 12);
        foreach (var p in points)
        {
            if (p.Time < scale.Start)
            {
                continue;
            }

            text.Append(X(p.Time, scale).ToString("0.#", CultureInfo.InvariantCulture)).Append(',')
                .Append(Y(value(p), scale).ToString("0.#", CultureInfo.InvariantCulture)).Append(' ');
        }

        return text.ToString().TrimEnd();
    }

    /// <summary>Up to <see cref="BandCount"/> bands, each holding the newest sample that falls in it; empty slices get none.</summary>
    public static IReadOnlyList<ChartBand> Bands(IReadOnlyList<ChartPoint> points, ChartScale scale)
    {
        ArgumentNullException.ThrowIfNull(points);
        var slots = new ChartPoint?[BandCount];
        foreach (var p in points)
        {
            if (p.Time >= scale.Start)
            {
                slots[Math.Clamp((int)(X(p.Time, scale) / Width * BandCount), 0, BandCount - 1)] = p;
            }
        }

        const double bandWidth = (double)Width / BandCount;
        var bands = new List<ChartBand>(BandCount);
        for (var i = 0; i < BandCount; i++)
        {
            if (slots[i] is { } point)
            {
                bands.Add(new ChartBand(i * bandWidth, bandWidth, point));
            }
        }

        return bands;
    }

    /// <summary>"30 s", "2 min", "15 min": the window as the axis says it.</summary>
    public static string Describe(TimeSpan window) =>
        window < TimeSpan.FromMinutes(1)
            ? string.Create(CultureInfo.InvariantCulture, $"{Math.Round(window.TotalSeconds):0} s")
            : string.Create(CultureInfo.InvariantCulture, $"{Math.Round(window.TotalMinutes):0} min");

    private static double X(DateTime time, ChartScale scale) => (time - scale.Start).TotalSeconds / scale.Window.TotalSeconds * Width;

    private static double Y(double value, ChartScale scale) => Height - (Math.Max(0, value) / scale.Top * (Height - 2));
}
