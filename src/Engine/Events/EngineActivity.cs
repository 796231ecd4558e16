using System.Collections.Concurrent;
using Docker.DotNet.Models;

namespace Portal.Engine.Events;

/// <summary>
/// The last event each environment's events stream delivered, kept in memory by the watcher, so an overview
/// can say what an engine last did without asking it.
/// </summary>
public sealed class EngineActivity
{
    private readonly ConcurrentDictionary<int, EngineEventSeen> _last = new();

    /// <summary>The last event seen from environment <paramref name="environmentId"/>, or null when none since Portal started.</summary>
    public EngineEventSeen? Last(int environmentId) => _last.TryGetValue(environmentId, out var seen) ? seen : null;

    internal void Record(int environmentId, Message message, DateTime received)
    {
        var time = message.TimeNano is long nanos and > 0 ? DateTime.UnixEpoch.AddTicks(nanos / 100) : received;
        var name = message.Actor?.Attributes is { } attributes && attributes.TryGetValue("name", out var n) ? n : null;
        var seen = new EngineEventSeen(time, message.Type ?? "", message.Action ?? "", name);
        _last.AddOrUpdate(environmentId, seen, (_, old) => old.Time > seen.Time ? old : seen);
    }
}

/// <summary>An engine event as the overview shows it: when, the object kind, the action and the object's name (when the event names it).</summary>
public sealed record EngineEventSeen(DateTime Time, string Type, string Action, string? Name);
