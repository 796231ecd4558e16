using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Portal.Engine.Access;
using Portal.Engine.Docker;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Logs;

/// <summary>
/// Log reads and watches. Reading changes nothing, so it takes the pipeline's access step (the
/// same resolution as inspect) and no audit entry; the engine errors are translated as everywhere.
/// </summary>
public sealed class LogOperations(ContainerAccess access, LogBroker broker, Engines engines, EngineHttp http, IOptions<LogOptions> options, TimeProvider time) : ILogOperations
{
    /// <summary>Most containers in one merged view.</summary>
    public const int MaxMergedContainers = 50;

    private const int MaxBatchLines = 5_000;

    public async Task<LogReadSession> OpenAsync(Actor actor, string idOrName, LogQuery query, CancellationToken cancellationToken)
    {
        var container = await access.ResolveAsync(actor, idOrName, write: false, cancellationToken).ConfigureAwait(false);
        try
        {
            if (query.Timestamps is not null)
            {
                // A byte copy reads the engine's HTTP body itself: Docker.DotNet's stream costs two reads per frame (per line).
                var inspect = await engines.Current.Client.Containers.InspectContainerAsync(container.Id, cancellationToken).ConfigureAwait(false);
                var body = await http.OpenStreamAsync($"/containers/{container.Id}/logs?{LogReader.ToQueryString(query)}", cancellationToken).ConfigureAwait(false);
                return new LogReadSession(container.Name, body, inspect.Config?.Tty == true, query.Follow, time);
            }

            var stream = await engines.Current.Client.Containers.GetContainerLogsAsync(container.Id, LogReader.ToParameters(query), cancellationToken).ConfigureAwait(false);
            return new LogReadSession(container.Name, stream, options.Value.MaxLineBytes, source => Translate(source, idOrName, CancellationToken.None));
        }
        catch (Exception ex) when (ex is not OperationCanceledException && DockerErrorTranslator.Translate(ex, engines.Current.Endpoint) is { } failure && !ReferenceEquals(failure, ex))
        {
            throw failure.Outcome == OperationOutcome.NotFound ? OperationFailedException.NotFound("container", idOrName) : failure;
        }
    }

    public async IAsyncEnumerable<LogBatch> WatchAsync(Actor actor, string idOrName, int tail, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var container = await access.ResolveAsync(actor, idOrName, write: false, cancellationToken).ConfigureAwait(false);
        using var subscription = broker.Subscribe(container.Id, tail);
        yield return new LogBatch(subscription.Snapshot, 0);
        while (await WaitAsync(subscription, cancellationToken).ConfigureAwait(false))
        {
            if (!subscription.TryRead(out var first))
            {
                continue;
            }

            // A viewer that keeps up gets each chunk as it is, shared with the other viewers (and
            // serialized once for all); one that fell behind gets what queued up in one batch.
            if (!subscription.TryPeek(out var next) || first.Count + next.Count > MaxBatchLines)
            {
                yield return new LogBatch(first, subscription.Skipped);
                continue;
            }

            var lines = new List<LogLine>(first);
            while (subscription.TryPeek(out next) && lines.Count + next.Count <= MaxBatchLines && subscription.TryRead(out next))
            {
                lines.AddRange(next);
            }

            yield return new LogBatch(lines, subscription.Skipped);
        }

        if (!cancellationToken.IsCancellationRequested)
        {
            yield return new LogBatch([], subscription.Skipped, Ended: true);
        }
    }

    public async IAsyncEnumerable<MergedLogBatch> WatchMergedAsync(Actor actor, IReadOnlyList<string> idsOrNames, int tail,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (idsOrNames.Count == 0 || idsOrNames.Count > MaxMergedContainers)
        {
            throw OperationFailedException.Invalid($"Name between 1 and {MaxMergedContainers} containers.");
        }

        var containers = new List<ResolvedContainer>();
        foreach (var idOrName in idsOrNames.Distinct(StringComparer.Ordinal))
        {
            containers.Add(await access.ResolveAsync(actor, idOrName, write: false, cancellationToken).ConfigureAwait(false));
        }

        var subscriptions = containers.DistinctBy(c => c.Id).Select(c => (c.Name, Subscription: broker.Subscribe(c.Id, tail))).ToList();
        try
        {
            var snapshot = subscriptions.SelectMany(s => s.Subscription.Snapshot.Select(l => new MergedLogLine(s.Name, l)));
            yield return new MergedLogBatch(LogMerge.ByTime(snapshot), 0);

            // One queue for the merged view, bounded like a single viewer's; the per-container
            // queues feed it from their own loops so a quiet container never holds up a busy one.
            var merged = Channel.CreateBounded<MergedLogLine>(new BoundedChannelOptions(options.Value.ViewerQueueLines)
            {
                FullMode = BoundedChannelFullMode.Wait,
                SingleReader = true,
            });
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var feeders = subscriptions.Select(s => FeedAsync(s.Name, s.Subscription, merged.Writer, stop.Token)).ToArray();
            _ = Task.WhenAll(feeders).ContinueWith(_ => merged.Writer.TryComplete(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            await foreach (var lines in ReorderAsync(merged.Reader, cancellationToken).ConfigureAwait(false))
            {
                yield return new MergedLogBatch(lines, subscriptions.Sum(s => s.Subscription.Skipped));
            }

            await stop.CancelAsync().ConfigureAwait(false);
        }
        finally
        {
            foreach (var (_, subscription) in subscriptions)
            {
                subscription.Dispose();
            }
        }
    }

    public LogStreamStats GetStreamStats(Actor actor) => actor.IsAdmin
        ? new LogStreamStats(broker.WatchedContainers, broker.EngineStreamsStarted)
        : throw OperationFailedException.Forbidden("Only administrators see the log streams.");

    private static async Task FeedAsync(string name, LogSubscription subscription, ChannelWriter<MergedLogLine> writer, CancellationToken cancellationToken)
    {
        try
        {
            while (await subscription.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (subscription.TryRead(out var chunk))
                {
                    foreach (var line in chunk)
                    {
                        await writer.WriteAsync(new MergedLogLine(name, line), cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Batches of the merged queue in timestamp order across batches: lines wait in a
    /// <see cref="LogReorderWindow"/> and leave when their window is up (or the queue ends).
    /// </summary>
    private async IAsyncEnumerable<IReadOnlyList<MergedLogLine>> ReorderAsync(ChannelReader<MergedLogLine> reader, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var o = options.Value;
        var window = new LogReorderWindow(o.MergeWindow, o.ViewerQueueLines);
        var start = time.GetTimestamp();
        Task<bool>? waiting = null;
        var open = true;
        while (open && !cancellationToken.IsCancellationRequested)
        {
            waiting ??= WaitAsync(reader, cancellationToken).AsTask();
            if (!waiting.IsCompleted && window.NextDue(time.GetElapsedTime(start)) is { } due)
            {
                // Wake for new lines or for the first held line's time, whichever comes first.
                using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                await Task.WhenAny(waiting, Task.Delay(due, time, timer.Token)).ConfigureAwait(false);
                await timer.CancelAsync().ConfigureAwait(false);
            }

            if (window.Count == 0 || waiting.IsCompleted)
            {
                open = await waiting.ConfigureAwait(false);
                waiting = null;
            }

            var now = time.GetElapsedTime(start);
            for (var taken = 0; taken < MaxBatchLines && reader.TryRead(out var line); taken++)
            {
                window.Add(line, now);
            }

            if (window.Release(now, flush: !open) is { Count: > 0 } lines)
            {
                yield return lines;
            }
        }
    }

    private static async ValueTask<bool> WaitAsync(LogSubscription subscription, CancellationToken cancellationToken)
    {
        try
        {
            return await subscription.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async ValueTask<bool> WaitAsync<T>(ChannelReader<T> reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Engine errors become Portal outcomes; a container removed meanwhile is simply not found.</summary>
    private async IAsyncEnumerable<IReadOnlyList<LogLine>> Translate(IAsyncEnumerable<IReadOnlyList<LogLine>> source, string idOrName,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var enumerator = source.GetAsyncEnumerator(cancellationToken);
        await using (enumerator.ConfigureAwait(false))
        {
            while (true)
            {
                IReadOnlyList<LogLine> batch;
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }

                    batch = enumerator.Current;
                }
                catch (Exception ex) when (ex is not OperationCanceledException && DockerErrorTranslator.Translate(ex, engines.Current.Endpoint) is { } failure && !ReferenceEquals(failure, ex))
                {
                    throw failure.Outcome == OperationOutcome.NotFound ? OperationFailedException.NotFound("container", idOrName) : failure;
                }

                yield return batch;
            }
        }
    }
}
