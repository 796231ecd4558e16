using System.Security.Cryptography;

namespace Portal.Web.Terminal;

/// <summary>
/// One-use tickets that let a plain WebSocket (<see cref="ExecSocketEndpoint"/>) attach to a terminal
/// session a hub connection started. A ticket names the user, the hub connection and the session;
/// it is unguessable, short-lived and gone after its first use, right or wrong.
/// </summary>
public sealed class ExecAttachTickets(TimeProvider time)
{
    /// <summary>How long a ticket waits for its socket.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    /// <summary>Tickets outstanding at once across all users; more are refused until some are used or expire.</summary>
    public const int MaxOutstanding = 1_024;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, ExecAttachTicket> _tickets = new(StringComparer.Ordinal);

    /// <summary>
    /// A new ticket for <paramref name="sessionId"/> of <paramref name="connectionId"/>, held by <paramref name="userId"/>,
    /// replacing the session's earlier one; null when too many are outstanding.
    /// </summary>
    public string? Issue(string userId, string connectionId, string sessionId)
    {
        var now = time.GetUtcNow();
        var value = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        lock (_gate)
        {
            // One live ticket per session: asking again replaces it, so nobody can fill the table by asking in a loop.
            foreach (var previous in _tickets.Where(t => t.Value.ConnectionId == connectionId && t.Value.SessionId == sessionId).Select(t => t.Key).ToList())
            {
                _tickets.Remove(previous);
            }

            if (_tickets.Count >= MaxOutstanding)
            {
                foreach (var expired in _tickets.Where(t => t.Value.Expires <= now).Select(t => t.Key).ToList())
                {
                    _tickets.Remove(expired);
                }

                if (_tickets.Count >= MaxOutstanding)
                {
                    return null;
                }
            }

            _tickets[value] = new ExecAttachTicket(userId, connectionId, sessionId, now + Lifetime);
        }

        return value;
    }

    /// <summary>
    /// Uses up <paramref name="ticket"/>: its session when it was issued to <paramref name="userId"/>
    /// and has not expired, otherwise null. Either way the ticket cannot be used again.
    /// </summary>
    public ExecAttachTicket? Redeem(string? ticket, string? userId)
    {
        if (string.IsNullOrEmpty(ticket) || string.IsNullOrEmpty(userId))
        {
            return null;
        }

        ExecAttachTicket? found;
        lock (_gate)
        {
            _tickets.Remove(ticket, out found);
        }

        return found is not null && found.Expires > time.GetUtcNow() && string.Equals(found.UserId, userId, StringComparison.Ordinal) ? found : null;
    }
}

/// <summary>What a ticket lets its socket attach to.</summary>
public sealed record ExecAttachTicket(string UserId, string ConnectionId, string SessionId, DateTimeOffset Expires);
