using Portal.Engine.Pipeline;
using Portal.Engine.Stats;

namespace Portal.Web.Streaming;

/// <summary>
/// One stats watch for a page (one container, or every visible one): keeps the latest sample per
/// container and tells the page once per batch. A page holds one feed, never one per row.
/// </summary>
/// <remarks>Batches arrive on a background thread; <c>onBatch</c> must marshal to the renderer (InvokeAsync).</remarks>
public sealed class LiveStatsFeed : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private volatile IReadOnlyDictionary<string, ContainerStats> _latest = new Dictionary<string, ContainerStats>();

    /// <summary>Starts watching; ends when disposed. Failures are logged, never thrown at the page.</summary>
    public void Start(IStatsOperations stats, Actor actor, string? idOrName, Func<IReadOnlyList<ContainerStats>, Task> onBatch, ILogger logger)
    {
        var token = _cts.Token;
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var batch in stats.WatchAsync(actor, idOrName, token))
                {
                    _latest = batch.ToDictionary(s => s.Id, StringComparer.Ordinal);
                    await onBatch(batch);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Live stats stopped");
            }
        }, CancellationToken.None);
    }

    /// <summary>The latest sample of a container, or null when it has none (not running, or not yet sampled).</summary>
    public ContainerStats? Get(string id) => _latest.TryGetValue(id, out var s) ? s : null;

    public void Dispose()
    {
        _cts.Cancel();
        _cts.Dispose();
    }
}
