using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Portal.Engine.Logs;
using Portal.Engine.Pipeline;

namespace Portal.Web.Tests.Fakes;

/// <summary>Log watches fed by the test through <see cref="Push"/>; records which watches ended by cancellation.</summary>
public sealed class FakeLogOperations : ILogOperations
{
    private readonly Channel<LogBatch> _batches = Channel.CreateUnbounded<LogBatch>();
    private int _cancelled;

    public int Cancelled => Volatile.Read(ref _cancelled);

    public void Push(params LogLine[] lines) => _batches.Writer.TryWrite(new LogBatch(lines, 0));

    public Task<LogReadSession> OpenAsync(Actor actor, string idOrName, LogQuery query, CancellationToken cancellationToken) =>
        throw OperationFailedException.NotFound("container", idOrName);

    public async IAsyncEnumerable<LogBatch> WatchAsync(Actor actor, string idOrName, int tail, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(() => Interlocked.Increment(ref _cancelled));
        await foreach (var batch in _batches.Reader.ReadAllAsync(cancellationToken))
        {
            yield return batch;
        }
    }

    public IAsyncEnumerable<MergedLogBatch> WatchMergedAsync(Actor actor, IReadOnlyList<string> idsOrNames, int tail, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public LogStreamStats GetStreamStats(Actor actor) => new(0, 0);
}
