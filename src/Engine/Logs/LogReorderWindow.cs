namespace Portal.Engine.Logs;

/// <summary>
/// Puts the lines of a merged view in engine-timestamp order across batches: each line is held
/// for a short window after it arrives, so a line of a quieter container that reaches Portal a
/// little later than a newer line of a busy one still comes out before it.
/// </summary>
/// <remarks>
/// Bounded twice: a line waits at most <c>window</c> (by arrival time, so a quiet view still
/// flows), and at most <c>capacity</c> lines wait (the oldest by timestamp leave first when more
/// come). A line that arrives after newer lines have already left cannot be put back in the past:
/// it leaves with the next release, and <see cref="Late"/> counts it. Lines without a timestamp
/// sort as the line before them from the same container. Not thread-safe: one reader owns it.
/// </remarks>
public sealed class LogReorderWindow(TimeSpan window, int capacity)
{
    private readonly PriorityQueue<MergedLogLine, (DateTimeOffset Key, long Seq)> _byTime = new();
    // Arrival order with each line's key; an entry may outlive its line (released early by an
    // older due line or the capacity), which then only releases lines at least as old: harmless.
    private readonly Queue<(TimeSpan Due, DateTimeOffset Key)> _byArrival = new();
    private readonly Dictionary<string, DateTimeOffset> _lastByContainer = new(StringComparer.Ordinal);
    private long _seq;
    private DateTimeOffset _watermark = DateTimeOffset.MinValue;

    /// <summary>Lines waiting.</summary>
    public int Count => _byTime.Count;

    /// <summary>Lines that arrived after a newer line had already been released (shown late, out of order).</summary>
    public long Late { get; private set; }

    /// <summary>Takes a line that arrived at <paramref name="now"/> (any monotonic clock, e.g. <see cref="TimeProvider.GetElapsedTime(long)"/>).</summary>
    public void Add(MergedLogLine line, TimeSpan now)
    {
        var key = line.Line.Timestamp ?? _lastByContainer.GetValueOrDefault(line.Container, DateTimeOffset.MinValue);
        _lastByContainer[line.Container] = key;
        _byTime.Enqueue(line, (key, _seq++));
        _byArrival.Enqueue((now + window, key));
    }

    /// <summary>How long until the next line is due at <paramref name="now"/>; null when none waits.</summary>
    public TimeSpan? NextDue(TimeSpan now)
    {
        if (_byTime.Count == 0 || !_byArrival.TryPeek(out var head))
        {
            return null;
        }

        var wait = head.Due - now;
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    /// <summary>
    /// The lines that may leave at <paramref name="now"/>, oldest first: every line held for the
    /// whole window, every waiting line older than those, and the oldest lines past the capacity.
    /// <paramref name="flush"/> releases everything (the view is ending).
    /// </summary>
    public IReadOnlyList<MergedLogLine> Release(TimeSpan now, bool flush = false)
    {
        // The newest timestamp among lines whose time is up: everything older may leave with them.
        var until = DateTimeOffset.MinValue;
        while (_byArrival.TryPeek(out var head) && head.Due <= now)
        {
            _byArrival.Dequeue();
            if (head.Key > until)
            {
                until = head.Key;
            }
        }

        var released = new List<MergedLogLine>();
        while (_byTime.TryPeek(out var line, out var priority) && (flush || priority.Key <= until || _byTime.Count > capacity))
        {
            _byTime.Dequeue();
            if (priority.Key < _watermark)
            {
                Late++;
            }
            else
            {
                _watermark = priority.Key;
            }

            released.Add(line);
        }

        if (_byTime.Count == 0)
        {
            _byArrival.Clear();
        }

        return released;
    }
}
