using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Portal.Engine.Logs;
using Portal.Engine.Pipeline;

namespace Portal.Web.Tests.Fakes;

/// <summary>Log watches fed by the test through <see cref="Push"/>; records which watches ended by cancellation.</summary>
public sealed class FakeLogOperations : ILogOperations
{
    private readonly Channel<LogBatch> _batches = Channel.CreateUnbounded<LogBatch>();
    private readonly Channel<MergedLogBatch> _merged = Channel.CreateUnbounded<MergedLogBatch>();
    private readonly TaskCompletionSource _cancelledWatch = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _cancelled;

    /// <summary>Watches that ended because their token was cancelled.</summary>
    public int Cancelled => Volatile.Read(ref _cancelled);

    /// <summary>Completes when the first watch has ended by cancellation (the watch's own end, awaited rather than polled).</summary>
    public Task CancelledWatch => _cancelledWatch.Task;

    public void Push(params LogLine[] lines) => _batches.Writer.TryWrite(new LogBatch(lines, 0));

    /// <summary>Lines for a merged view (several containers).</summary>
    public void PushMerged(params MergedLogLine[] lines) => _merged.Writer.TryWrite(new MergedLogBatch(lines, 0));

    public Task<LogReadSession> OpenAsync(Actor actor, string idOrName, LogQuery query, CancellationToken cancellationToken) =>
        throw OperationFailedException.NotFound("container", idOrName);

    public async IAsyncEnumerable<LogBatch> WatchAsync(Actor actor, string idOrName, int tail, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Counted when the watch ends, not by a token registration: the channel's wait reacts to
        // the same cancellation and may resume this iterator (on the renderer's thread) and dispose
        // such a registration before the token gets to run it, so the count would stay 0.
        try
        {
            await foreach (var batch in _batches.Reader.ReadAllAsync(cancellationToken))
            {
                yield return batch;
            }
        }
        finally
        {
            if (cancellationToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref _cancelled);
                _cancelledWatch.TrySetResult();
            }
        }
    }

    public IAsyncEnumerable<MergedLogBatch> WatchMergedAsync(Actor actor, IReadOnlyList<string> idsOrNames, int tail, CancellationToken cancellationToken) =>
        _merged.Reader.ReadAllAsync(cancellationToken);

    public LogStreamStats GetStreamStats(Actor actor) => new(0, 0);
}
