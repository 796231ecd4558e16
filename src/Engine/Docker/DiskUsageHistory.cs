using System.Runtime.CompilerServices;

namespace Portal.Engine.Docker;

/// <summary>
/// The disk-use totals of each environment's last <see cref="Window"/>, one point per measurement of the throttled
/// background refresh (never a df of its own): kept per environment in memory, however many pages look.
/// </summary>
public sealed class DiskUsageHistory(TimeProvider time)
{
    /// <summary>How far back points are kept.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    /// <summary>At most this many points per environment, however often a test's options let the refresh run.</summary>
    public const int MaxPoints = 900;

    // Keyed by the engine object, like the samplers: a removed environment's points go with it.
    private readonly ConditionalWeakTable<EnvironmentEngine, Queue<DiskUsagePoint>> _points = [];

    public void Record(EnvironmentEngine engine, DiskUsagePoint point)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var queue = _points.GetValue(engine, _ => new Queue<DiskUsagePoint>());
        lock (queue)
        {
            queue.Enqueue(point);
            Trim(queue, point.Time);
        }
    }

    /// <summary>The points of the last <see cref="Window"/>, oldest first (empty before the first measurement).</summary>
    public IReadOnlyList<DiskUsagePoint> For(EnvironmentEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        if (!_points.TryGetValue(engine, out var queue))
        {
            return [];
        }

        lock (queue)
        {
            Trim(queue, time.GetUtcNow().UtcDateTime);
            return [.. queue];
        }
    }

    private static void Trim(Queue<DiskUsagePoint> queue, DateTime now)
    {
        while (queue.Count > MaxPoints || (queue.Count > 0 && now - queue.Peek().Time > Window))
        {
            queue.Dequeue();
        }
    }
}
