namespace Portal.Engine.Access;

/// <summary>
/// Raised after a change that can take access away from someone: a membership changed or removed, a user
/// disabled or deleted, a team deleted, an environment grant changed, revoked or its environment deleted, an
/// access token revoked. Long-lived streams (logs, stats, terminals, job watches) re-check their caller on it,
/// since the caller's <see cref="Pipeline.Actor"/> is only a snapshot taken when the stream began.
/// </summary>
public sealed class AccessChanges
{
    private static readonly HashSet<string> Narrowing = new(StringComparer.Ordinal)
    {
        "user.membership",
        "user.password",
        "user.reset-password",
        "recovery.reset-password",
        "container.assign",
        "user.membership.remove",
        "user.disable",
        "user.delete",
        "team.delete",
        "environment.grant",
        "environment.revoke",
        "environment.delete",
        "token.revoke",
        "recovery.revoke-tokens",
    };

    private long _epoch;

    /// <summary>Raised on a background thread after such a change succeeded; handlers must be quick.</summary>
    public event Action? Changed;

    /// <summary>How many such changes there were since start; a stream compares it to skip a needless re-check.</summary>
    public long Epoch => Interlocked.Read(ref _epoch);

    /// <summary>True when a successful <paramref name="action"/> can take access away.</summary>
    public static bool MayNarrow(string action) => Narrowing.Contains(action);

    /// <summary>Tells every stream to re-check its caller.</summary>
    public void Raise()
    {
        Interlocked.Increment(ref _epoch);
        Changed?.Invoke();
    }
}
