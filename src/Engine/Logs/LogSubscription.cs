using System.Threading.Channels;

namespace Portal.Engine.Logs;

/// <summary>
/// One viewer of a container's log: the recent lines it joined with, then a bounded queue of new
/// lines in <see cref="LogChunk"/>s shared with the other viewers. When the viewer reads slower than
/// lines arrive, the oldest queued chunks are dropped and their lines counted in <see cref="Skipped"/>.
/// Dispose to leave; the last viewer to leave stops the stream.
/// </summary>
public sealed class LogSubscription : IDisposable
{
    // Unbounded as a channel, bounded in lines by Write: the bound is lines, not chunks.
    private readonly Channel<LogChunk> _queue = Channel.CreateUnbounded<LogChunk>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly Action<LogSubscription> _leave;
    private long _skipped;
    private int _queuedLines;
    private int _disposed;

    internal LogSubscription(IReadOnlyList<LogLine> snapshot, int queueLines, Action<LogSubscription> leave)
    {
        Snapshot = snapshot;
        _leave = leave;
        QueueCapacity = Math.Max(1, queueLines);
    }

    /// <summary>The recent lines held when this viewer joined, oldest first.</summary>
    public IReadOnlyList<LogLine> Snapshot { get; }

    /// <summary>Lines dropped so far because the queue was full.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>The most lines ever queued for this viewer.</summary>
    public int QueueCapacity { get; }

    /// <summary>Lines waiting to be read.</summary>
    public int QueuedLines => Volatile.Read(ref _queuedLines);

    /// <summary>Completes when the container is removed (after the last chunk was read) or the viewer left.</summary>
    public Task Completion => _queue.Reader.Completion;

    /// <summary>Waits until a chunk can be read; false once no more will come.</summary>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) => _queue.Reader.WaitToReadAsync(cancellationToken);

    /// <summary>The oldest queued chunk, if any.</summary>
    public bool TryRead(out LogChunk chunk)
    {
        if (_queue.Reader.TryRead(out chunk!))
        {
            Interlocked.Add(ref _queuedLines, -chunk.Count);
            return true;
        }

        return false;
    }

    /// <summary>The oldest queued chunk without taking it.</summary>
    public bool TryPeek(out LogChunk chunk) => _queue.Reader.TryPeek(out chunk!);

    /// <summary>Queues a chunk, dropping the oldest whole chunks (or, for a chunk above the bound, its oldest lines) to stay within the bound.</summary>
    /// <remarks>Called under the topic's lock only, so there is one writer.</remarks>
    internal void Write(LogChunk chunk)
    {
        if (chunk.Count > QueueCapacity)
        {
            Interlocked.Add(ref _skipped, chunk.Count - QueueCapacity);
            chunk = chunk.Last(QueueCapacity);
        }

        while (QueuedLines + chunk.Count > QueueCapacity && TryRead(out var dropped))
        {
            Interlocked.Add(ref _skipped, dropped.Count);
        }

        Interlocked.Add(ref _queuedLines, chunk.Count);
        if (!_queue.Writer.TryWrite(chunk))
        {
            // Completed meanwhile (the viewer left): nothing is queued any more.
            Interlocked.Add(ref _queuedLines, -chunk.Count);
        }
    }

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
