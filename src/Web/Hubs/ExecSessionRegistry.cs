using Portal.Engine.Exec;

namespace Portal.Web.Hubs;

/// <summary>
/// The terminal sessions each hub connection holds: at most <see cref="MaxSessionsPerConnection"/>,
/// reachable only from the connection that started them, and all closed when it goes away.
/// </summary>
public sealed class ExecSessionRegistry
{
    /// <summary>Sessions one connection (one browser tab, one API client) may hold at once.</summary>
    public const int MaxSessionsPerConnection = 4;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Dictionary<string, ExecSession>> _byConnection = new(StringComparer.Ordinal);

    /// <summary>Sessions open across all connections.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byConnection.Values.Sum(s => s.Count);
            }
        }
    }

    /// <summary>True when <paramref name="connectionId"/> may start another session.</summary>
    public bool HasRoom(string connectionId)
    {
        lock (_gate)
        {
            return !_byConnection.TryGetValue(connectionId, out var sessions) || sessions.Count < MaxSessionsPerConnection;
        }
    }

    /// <summary>Adds a started session; false (and nothing added) when the connection is full.</summary>
    public bool TryAdd(string connectionId, ExecSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        lock (_gate)
        {
            if (!_byConnection.TryGetValue(connectionId, out var sessions))
            {
                _byConnection[connectionId] = sessions = new Dictionary<string, ExecSession>(StringComparer.Ordinal);
            }

            if (sessions.Count >= MaxSessionsPerConnection)
            {
                return false;
            }

            sessions[session.Id] = session;
            return true;
        }
    }

    /// <summary>The connection's session with this id, or null (another connection's sessions are never found).</summary>
    public ExecSession? Find(string connectionId, string sessionId)
    {
        lock (_gate)
        {
            return _byConnection.TryGetValue(connectionId, out var sessions) && sessions.TryGetValue(sessionId, out var session) ? session : null;
        }
    }

    /// <summary>Takes the session out; the caller that gets it disposes it, so disposal happens once.</summary>
    public ExecSession? Remove(string connectionId, string sessionId)
    {
        lock (_gate)
        {
            if (!_byConnection.TryGetValue(connectionId, out var sessions) || !sessions.Remove(sessionId, out var session))
            {
                return null;
            }

            if (sessions.Count == 0)
            {
                _byConnection.Remove(connectionId);
            }

            return session;
        }
    }

    /// <summary>Takes out every session of a connection that went away.</summary>
    public IReadOnlyList<ExecSession> RemoveAll(string connectionId)
    {
        lock (_gate)
        {
            return _byConnection.Remove(connectionId, out var sessions) ? [.. sessions.Values] : [];
        }
    }
}
