using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Engine.Docker;

namespace Portal.Engine.Logs;

/// <summary>
/// Fans one engine follow-stream per container out to every viewer: the first viewer starts it,
/// the last one stops it and the backlog is dropped. Callers must have checked access already
/// (<see cref="ILogOperations"/> does); the broker knows containers by environment and id, so the same
/// id or name on two engines is two streams, each read from its own engine.
/// </summary>
public sealed class LogBroker(ILogSource source, Engines engines, IOptions<LogOptions> options, TimeProvider time, ILogger<LogBroker> logger) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(EnvironmentEngine Engine, string ContainerId), LogTopic> _topics = [];
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

    /// <summary>Joins the viewers of <paramref name="containerId"/> on the current environment, starting its stream if nobody watched it.</summary>
    /// <param name="containerId">The full container id (resolved and access-checked by the caller).</param>
    /// <param name="tail">How many recent lines to start with (at most the ring's size).</param>
    public LogSubscription Subscribe(string containerId, int tail)
    {
        var key = (engines.Current, containerId);
        lock (_gate)
        {
            if (!_topics.TryGetValue(key, out var topic))
            {
                topic = new LogTopic(key.Current, containerId, source, options.Value, time, logger, () => Interlocked.Increment(ref _engineStreams));
                _topics[key] = topic;
                topic.Start();
            }

            return topic.Join(tail, subscription => Leave(key, topic, subscription));
        }
    }

    private void Leave((EnvironmentEngine, string) key, LogTopic topic, LogSubscription subscription)
    {
        lock (_gate)
        {
            if (topic.Leave(subscription) == 0 && _topics.TryGetValue(key, out var current) && ReferenceEquals(current, topic))
            {
                _topics.Remove(key);
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
