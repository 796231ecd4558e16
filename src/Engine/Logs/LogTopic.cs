using Microsoft.Extensions.Logging;
using Portal.Engine.Docker;
using Portal.Engine.Logging;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Logs;

/// <summary>
/// The one engine follow-stream of a container and everyone watching it. Lines are appended to
/// the ring and to a pending list under one lock; the pending lines leave as one shared
/// <see cref="LogChunk"/> to every viewer at most once per <see cref="LogOptions.FlushInterval"/>
/// (at once after a quiet spell or when <see cref="LogOptions.FlushLines"/> are pending). A viewer
/// joins under the same lock after a flush, so a newcomer's snapshot and its live lines neither
/// overlap nor leave a gap.
/// </summary>
internal sealed class LogTopic
{
    private readonly List<LogLine> _pending = [];
    private readonly ITimer _flushTimer;
    private long? _lastFlush;
    private bool _flushArmed;
    private readonly Lock _gate = new();
    private readonly List<LogSubscription> _viewers = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly EnvironmentEngine _engine;
    private readonly string _containerId;
    private readonly ILogSource _source;
    private readonly LogOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action _engineStreamStarted;
    private readonly LogRing _ring;
    private bool _ended;

    public LogTopic(EnvironmentEngine engine, string containerId, ILogSource source, LogOptions options, TimeProvider time, ILogger logger, Action engineStreamStarted)
    {
        _engine = engine;
        _containerId = containerId;
        _source = source;
        _options = options;
        _time = time;
        _logger = logger;
        _engineStreamStarted = engineStreamStarted;
        _ring = new LogRing(options.RingBufferLines);
        _flushTimer = time.CreateTimer(_ => FlushDue(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public Task? Pump { get; private set; }

    public int ViewerCount
    {
        get
        {
            lock (_gate)
            {
                return _viewers.Count;
            }
        }
    }

    public void Start() => Pump = Task.Run(() => PumpAsync(_stop.Token));

    public LogSubscription Join(int tail, Action<LogSubscription> leave)
    {
        lock (_gate)
        {
            // Pending lines are in the ring already: send them to the others first, or the newcomer would get them twice.
            Flush();
            var subscription = new LogSubscription(_ring.Last(tail), _options.ViewerQueueLines, leave);
            if (_ended)
            {
                subscription.Complete();
            }
            else
            {
                _viewers.Add(subscription);
            }

            return subscription;
        }
    }

    /// <summary>Removes a viewer; returns how many remain.</summary>
    public int Leave(LogSubscription subscription)
    {
        lock (_gate)
        {
            _viewers.Remove(subscription);
            return _viewers.Count;
        }
    }

    /// <summary>Stops the engine stream and drops the backlog (no viewer is left).</summary>
    public void Stop()
    {
        _stop.Cancel();
        _flushTimer.Dispose();
        lock (_gate)
        {
            _ring.Clear();
            _pending.Clear();
        }
    }

    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        // The stream reads the engine of the environment it was opened for, whoever joins later.
        using var scope = Engines.Use(_engine);
        DateTimeOffset? last = null;
        var first = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            var startedAt = _time.GetUtcNow();
            var received = 0;
            try
            {
                _engineStreamStarted();
                LogsLog.StreamStarted(_logger, new ShortId(_containerId));
                // After a restart, resume where the last stream ended rather than repeating the tail.
                DateTimeOffset? since = first ? null : last ?? startedAt;
                await foreach (var batch in _source.FollowAsync(_containerId, _options.RingBufferLines, since, cancellationToken).ConfigureAwait(false))
                {
                    received += batch.Count;
                    last = Publish(batch, first ? null : last) ?? last;
                }

                first = false;
                if (!await _source.WaitUntilRunningAsync(_containerId, cancellationToken).ConfigureAwait(false))
                {
                    LogsLog.StreamStopped(_logger, new ShortId(_containerId), "container removed");
                    End();
                    return;
                }

                if (received == 0)
                {
                    // A stream that ends at once while the container runs must not spin.
                    await Task.Delay(_options.RestartPollInterval, _time, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                if (ex is global::Docker.DotNet.DockerContainerNotFoundException)
                {
                    End();
                    return;
                }

                LogsLog.StreamFailed(_logger, ex, new ShortId(_containerId));
                first = first && last is null;
                try
                {
                    if (ex is OperationFailedException { Outcome: OperationOutcome.EngineUnavailable })
                    {
                        // The engine is away: resume as soon as it and the container are back, not after a fixed pause.
                        if (!await _source.WaitUntilRunningAsync(_containerId, cancellationToken).ConfigureAwait(false))
                        {
                            End();
                            return;
                        }
                    }
                    else
                    {
                        await Task.Delay(_options.RestartPollInterval, _time, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Hands a batch to the ring and every viewer; lines not newer than <paramref name="after"/> are repeats and skipped.</summary>
    private DateTimeOffset? Publish(IReadOnlyList<LogLine> batch, DateTimeOffset? after)
    {
        DateTimeOffset? newest = null;
        lock (_gate)
        {
            foreach (var line in batch)
            {
                if (after is { } a && line.Timestamp is { } t && t <= a)
                {
                    continue;
                }

                _ring.Add(line);
                _pending.Add(line);
                newest = line.Timestamp ?? newest;
            }

            var sinceFlush = _lastFlush is { } last ? _time.GetElapsedTime(last) : TimeSpan.MaxValue;
            if (_pending.Count >= _options.FlushLines || sinceFlush >= _options.FlushInterval)
            {
                Flush();
            }
            else if (!_flushArmed && _pending.Count > 0)
            {
                _flushArmed = true;
                _flushTimer.Change(_options.FlushInterval - sinceFlush, Timeout.InfiniteTimeSpan);
            }
        }

        return newest;
    }

    private void FlushDue()
    {
        lock (_gate)
        {
            _flushArmed = false;
            Flush();
        }
    }

    /// <summary>Sends the pending lines to every viewer as one shared chunk; the caller holds the lock.</summary>
    private void Flush()
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var chunk = new LogChunk([.. _pending]);
        _pending.Clear();
        _lastFlush = _time.GetTimestamp();
        foreach (var viewer in _viewers)
        {
            viewer.Write(chunk);
        }
    }

    private void End()
    {
        lock (_gate)
        {
            Flush();
            _ended = true;
            foreach (var viewer in _viewers)
            {
                viewer.Complete();
            }
        }
    }
}
