using System.Threading.Channels;

namespace Portal.Engine.Logs;

/// <summary>
/// One viewer of a container's log: the recent lines it joined with, then a bounded queue of new
/// lines. When the viewer reads slower than lines arrive, the oldest queued lines are dropped and
/// counted in <see cref="Skipped"/>. Dispose to leave; the last viewer to leave stops the stream.
/// </summary>
public sealed class LogSubscription : IDisposable
{
    private readonly Channel<LogLine> _queue;
    private readonly Action<LogSubscription> _leave;
    private long _skipped;
    private int _disposed;

    internal LogSubscription(IReadOnlyList<LogLine> snapshot, int queueLines, Action<LogSubscription> leave)
    {
        Snapshot = snapshot;
        _leave = leave;
        _queue = Channel.CreateBounded<LogLine>(
            new BoundedChannelOptions(Math.Max(1, queueLines)) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true },
            _ => Interlocked.Increment(ref _skipped));
        QueueCapacity = Math.Max(1, queueLines);
    }

    /// <summary>The recent lines held when this viewer joined, oldest first.</summary>
    public IReadOnlyList<LogLine> Snapshot { get; }

    /// <summary>New lines in arrival order; completes when the container is removed.</summary>
    public ChannelReader<LogLine> Lines => _queue.Reader;

    /// <summary>Lines dropped so far because the queue was full.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>The most lines ever queued for this viewer.</summary>
    public int QueueCapacity { get; }

    internal void Write(LogLine line) => _queue.Writer.TryWrite(line);

    internal void Complete() => _queue.Writer.TryComplete();

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _queue.Writer.TryComplete();
            _leave(this);
        }
    }
}
