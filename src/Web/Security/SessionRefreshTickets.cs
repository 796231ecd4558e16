using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Portal.Web.Security;

/// <summary>
/// Lets an interactive page keep its session after a change to the person's own account rotated their security
/// stamp (turning two-factor sign-in on or off, new recovery codes). Every cookie request checks the stamp, so the
/// browser's cookie stops working the moment the change is saved, and a circuit cannot write a cookie. The page
/// takes a ticket here before the change, bound to the person and the stamp their cookie carries; after the change
/// it sends the browser to <see cref="SessionRefreshEndpoint"/>, where that one cookie, on that one path, is accepted
/// once more and re-issued with the new stamp. The ticket is random, short-lived and single-use; it can only renew
/// the session that asked for it, never start one or change anything else.
/// </summary>
/// <remarks>
/// The ticket also carries what the page has to show after the round trip (recovery codes are shown once), taken
/// back by the same person with <see cref="TakeOutcome"/>.
/// </remarks>
public sealed class SessionRefreshTickets(TimeProvider time)
{
    /// <summary>How long a ticket lasts: the page navigates at once, so a minute is plenty.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    /// <summary>Bound on open tickets; past it the expired ones go, then the oldest.</summary>
    public const int MaxTickets = 1_000;

    private readonly ConcurrentDictionary<string, Ticket> _tickets = new(StringComparer.Ordinal);

    /// <summary>A ticket for the session of <paramref name="userId"/> whose cookie carries <paramref name="stamp"/>.</summary>
    public string Issue(string userId, string stamp)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentException.ThrowIfNullOrEmpty(stamp);
        Prune();
        var id = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        _tickets[id] = new Ticket(userId, stamp, time.GetUtcNow() + Lifetime);
        return id;
    }

    /// <summary>What the page shows after the round trip (a message, recovery codes shown once).</summary>
    public void SetOutcome(string ticket, string message, IReadOnlyList<string>? codes)
    {
        if (_tickets.TryGetValue(ticket, out var found))
        {
            found.Outcome = new SessionRefreshOutcome(message, codes);
        }
    }

    /// <summary>True when <paramref name="ticket"/> is open, unused, and was issued to this user's session with this (old) stamp.</summary>
    public bool Admits(string? ticket, string? userId, string? stamp) =>
        ticket is not null && _tickets.TryGetValue(ticket, out var found) && !found.Used && found.Outcome is not null && found.Matches(userId, stamp, time.GetUtcNow());

    /// <summary>
    /// True while a ticket of this session (user and old stamp) whose change succeeded is open, used or not: the page
    /// that took it is on its way through the renewal, so its circuit is not ended under it by the stamp check. It ends
    /// when the ticket expires; a ticket whose change failed or never ran holds nothing.
    /// </summary>
    public bool Holds(string? userId, string? stamp)
    {
        var now = time.GetUtcNow();
        return userId is not null && _tickets.Values.Any(t => t.Outcome is not null && t.Matches(userId, stamp, now));
    }

    /// <summary>Withdraws a ticket whose change did not happen (a wrong code, a refusal).</summary>
    public void Revoke(string ticket) => _tickets.TryRemove(ticket, out _);

    /// <summary>Uses the ticket for its one renewal; false when it does not admit this session (then nothing is renewed).</summary>
    public bool Use(string? ticket, string? userId, string? stamp)
    {
        if (!Admits(ticket, userId, stamp))
        {
            return false;
        }

        // Gone meanwhile (expired and pruned): nothing to renew.
        if (!_tickets.TryGetValue(ticket!, out var found))
        {
            return false;
        }

        lock (found)
        {
            if (found.Used)
            {
                return false;
            }

            found.Used = true;
            return true;
        }
    }

    /// <summary>The outcome left for <paramref name="userId"/> under a used ticket, once; null when there is none.</summary>
    public SessionRefreshOutcome? TakeOutcome(string? ticket, string? userId)
    {
        if (ticket is null || !_tickets.TryGetValue(ticket, out var found) || !found.Used || found.UserId != userId || found.Expires < time.GetUtcNow())
        {
            return null;
        }

        return _tickets.TryRemove(ticket, out var removed) ? removed.Outcome : null;
    }

    private void Prune()
    {
        if (_tickets.Count < MaxTickets)
        {
            return;
        }

        var now = time.GetUtcNow();
        foreach (var (id, ticket) in _tickets)
        {
            if (ticket.Expires < now)
            {
                _tickets.TryRemove(id, out _);
            }
        }

        foreach (var (id, _) in _tickets.OrderBy(t => t.Value.Expires).Take(Math.Max(0, _tickets.Count - MaxTickets + 1)))
        {
            _tickets.TryRemove(id, out _);
        }
    }

    private sealed class Ticket(string userId, string stamp, DateTimeOffset expires)
    {
        public string UserId { get; } = userId;

        public DateTimeOffset Expires { get; } = expires;

        public bool Used { get; set; }

        public SessionRefreshOutcome? Outcome { get; set; }

        public bool Matches(string? user, string? cookieStamp, DateTimeOffset now) =>
            user == UserId && cookieStamp == stamp && now <= Expires;
    }
}

/// <summary>What a page says after its session was renewed: the message, and recovery codes to show once.</summary>
public sealed record SessionRefreshOutcome(string Message, IReadOnlyList<string>? Codes);
