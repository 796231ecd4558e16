namespace Portal.Bench.Measuring;

/// <summary>Summary of one probe's samples, in milliseconds.</summary>
internal sealed record LatencyStats(int Count, double Median, double P90, double Min, double Max, double Mean)
{
    public static LatencyStats From(IReadOnlyCollection<double> samples)
    {
        if (samples.Count == 0)
        {
            return new LatencyStats(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var sorted = samples.Order().ToArray();
        return new LatencyStats(sorted.Length, Percentile(sorted, 0.5), Percentile(sorted, 0.9), sorted[0], sorted[^1], sorted.Average());
    }

    /// <summary>Linear interpolation between closest ranks (the common "type 7" definition).</summary>
    public static double Percentile(double[] sorted, double p)
    {
        var rank = p * (sorted.Length - 1);
        var lo = (int)Math.Floor(rank);
        var hi = (int)Math.Ceiling(rank);
        return sorted[lo] + ((sorted[hi] - sorted[lo]) * (rank - lo));
    }
}
