using System.Security.Claims;
using Portal.Engine.Access;
using Portal.Engine.Docker;
using Portal.Engine.Pipeline;

namespace Portal.Web.Security;

/// <summary>
/// Hands out <see cref="StreamLease"/>s: hubs and following REST routes hold one for as long as they stream. A lease's
/// check asks again, for the caller as they are now, whether they are still signed in (account enabled, token not
/// revoked), still granted the environment, and still allowed the object; an Engine refusal counts as no.
/// </summary>
public sealed class StreamAccessGuard(AccessChanges changes, ActorFactory actors, Engines engines, ILogger<StreamAccessGuard> logger)
{
    /// <summary>A lease for a stream <paramref name="user"/> opened on <paramref name="environment"/> (null: local); <paramref name="mayStill"/> gets the caller narrowed to it.</summary>
    public StreamLease Watch(ClaimsPrincipal? user, string? environment, Func<Actor, CancellationToken, Task<bool>> mayStill, string withdrawnMessage, CancellationToken streamToken)
    {
        ArgumentNullException.ThrowIfNull(mayStill);
        return Lease(user, async (actor, ct) =>
        {
            var opened = await engines.OpenAsync(actor, environment, ct);
            using (opened.Enter())
            {
                return await mayStill(opened.Actor, ct);
            }
        }, withdrawnMessage, streamToken);
    }

    /// <summary>A lease for a stream not tied to one environment (a job, seen through its own environment): <paramref name="mayStill"/> gets the caller unnarrowed.</summary>
    public StreamLease WatchAnywhere(ClaimsPrincipal? user, Func<Actor, CancellationToken, Task<bool>> mayStill, string withdrawnMessage, CancellationToken streamToken)
    {
        ArgumentNullException.ThrowIfNull(mayStill);
        return Lease(user, mayStill, withdrawnMessage, streamToken);
    }

    /// <summary>A lease for a list of everything the caller may see on an environment: it holds while they see at least the teams <paramref name="seenAs"/> saw.</summary>
    public StreamLease WatchTeams(ClaimsPrincipal? user, string? environment, Actor seenAs, string withdrawnMessage, CancellationToken streamToken)
    {
        ArgumentNullException.ThrowIfNull(seenAs);
        return Watch(user, environment, (now, _) => Task.FromResult(now.IsAdmin || (!seenAs.IsAdmin && seenAs.Teams.Keys.All(now.Teams.ContainsKey))), withdrawnMessage, streamToken);
    }

    private StreamLease Lease(ClaimsPrincipal? user, Func<Actor, CancellationToken, Task<bool>> mayStill, string withdrawnMessage, CancellationToken streamToken) =>
        new(changes, async ct =>
        {
            try
            {
                return user is not null && await actors.StillSignedInAsync(user, ct) is { } actor && await mayStill(actor, ct);
            }
            catch (OperationFailedException)
            {
                return false;
            }
        }, withdrawnMessage, logger, streamToken);
}
