namespace Portal.Engine.Docker;

/// <summary>What an engine's objects took on disk at one measurement, by kind (the totals of <c>docker system df</c>).</summary>
/// <param name="Time">When the engine answered (UTC).</param>
/// <param name="Images">Image layers (shared layers counted once).</param>
/// <param name="Containers">Containers' writable layers.</param>
/// <param name="Volumes">Local volumes the engine measured.</param>
/// <param name="BuildCache">Build cache records.</param>
public readonly record struct DiskUsagePoint(DateTime Time, long Images, long Containers, long Volumes, long BuildCache)
{
    public long Total => Images + Containers + Volumes + BuildCache;

    /// <summary>The totals of one df report (pure); an unmeasured size (-1) counts as nothing.</summary>
    public static DiskUsagePoint From(DateTime time, DiskUsageData df)
    {
        ArgumentNullException.ThrowIfNull(df);
        static long Sum(IEnumerable<DiskUsageItem> items) => items.Sum(i => Math.Max(0, i.Size));
        return new DiskUsagePoint(time, Math.Max(0, df.LayersSize), Sum(df.Containers), Sum(df.Volumes), Sum(df.BuildCache));
    }
}
