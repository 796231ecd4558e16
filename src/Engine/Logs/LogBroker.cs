using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Portal.Engine.Logs;

/// <summary>
/// Fans one engine follow-stream per container out to every viewer: the first viewer starts it,
/// the last one stops it and the backlog is dropped. Callers must have checked access already
/// (<see cref="ILogOperations"/> does); the broker knows containers only by id.
/// </summary>
public sealed class LogBroker(ILogSource source, IOptions<LogOptions> options, TimeProvider time, ILogger<LogBroker> logger) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LogTopic> _topics = new(StringComparer.Ordinal);
    private long _engineStreams;

    /// <summary>Engine follow-streams opened since start (restarts of a watched container count again).</summary>
    public long EngineStreamsStarted => Interlocked.Read(ref _engineStreams);

    /// <summary>Containers currently watched by at least one viewer.</summary>
    public int WatchedContainers
    {
        get
        {
            lock (_gate)
            {
                return _topics.Count;
            }
        }
    }

    /// <summary>Joins the viewers of <paramref name="containerId"/>, starting its stream if nobody watched it.</summary>
    /// <param name="containerId">The full container id (resolved and access-checked by the caller).</param>
    /// <param name="tail">How many recent lines to start with (at most the ring's size).</param>
    public LogSubscription Subscribe(string containerId, int tail)
    {
        lock (_gate)
        {
            if (!_topics.TryGetValue(containerId, out var topic))
            {
                topic = new LogTopic(containerId, source, options.Value, time, logger, () => Interlocked.Increment(ref _engineStreams));
                _topics[containerId] = topic;
                topic.Start();
            }

            return topic.Join(tail, subscription => Leave(containerId, topic, subscription));
        }
    }

    private void Leave(string containerId, LogTopic topic, LogSubscription subscription)
    {
        lock (_gate)
        {
            if (topic.Leave(subscription) == 0 && _topics.TryGetValue(containerId, out var current) && ReferenceEquals(current, topic))
            {
                _topics.Remove(containerId);
                topic.Stop();
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var topic in _topics.Values)
            {
                topic.Stop();
            }

            _topics.Clear();
        }
    }
}
