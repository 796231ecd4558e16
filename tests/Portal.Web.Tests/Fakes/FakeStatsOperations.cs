using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Portal.Engine.Pipeline;
using Portal.Engine.Stats;

namespace Portal.Web.Tests.Fakes;

/// <summary>Stats watches fed by the test through <see cref="Push"/>; records every watch started and whether it ended.</summary>
public sealed class FakeStatsOperations : IStatsOperations
{
    private readonly Channel<IReadOnlyList<ContainerStats>> _batches = Channel.CreateUnbounded<IReadOnlyList<ContainerStats>>();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _active;

    /// <summary>Completes when the first watch starts (watches start on a background task: awaited, not polled on renders).</summary>
    public Task WatchStarted => _started.Task;

    /// <summary>Completes when the first watch has ended.</summary>
    public Task WatchEnded => _ended.Task;

    /// <summary>Containers a watch was started for, in order.</summary>
    public ConcurrentQueue<string?> Watches { get; } = new();

    /// <summary>Watches currently enumerating.</summary>
    public int Active => Volatile.Read(ref _active);

    public void Push(params ContainerStats[] stats) => _batches.Writer.TryWrite(stats);

    public Task<ContainerStats> GetAsync(Actor actor, string idOrName, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<ContainerStats>> ListAsync(Actor actor, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<StatsSample>> HistoryAsync(Actor actor, string idOrName, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StatsSample>>([]);

    public async IAsyncEnumerable<IReadOnlyList<ContainerStats>> WatchAsync(Actor actor, string? idOrName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Watches.Enqueue(idOrName);
        Interlocked.Increment(ref _active);
        _started.TrySetResult();
        try
        {
            await foreach (var batch in _batches.Reader.ReadAllAsync(cancellationToken))
            {
                yield return batch;
            }
        }
        finally
        {
            Interlocked.Decrement(ref _active);
            _ended.TrySetResult();
        }
    }

    public Task<HostOverview> GetHostAsync(Actor actor, CancellationToken cancellationToken) => throw new NotSupportedException();
}
