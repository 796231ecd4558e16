using System.Net;
using Docker.DotNet;
using Portal.Engine.Docker;
using Portal.Engine.Labels;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Access;

/// <summary>The access step for volumes: another team's volume is reported exactly like a missing one.</summary>
public sealed class VolumeAccess(Engines engines)
{
    public async Task<ResolvedVolume> ResolveAsync(Actor actor, string name, bool write, CancellationToken cancellationToken)
    {
        var found = await FindAsync(name, cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            throw OperationFailedException.NotFound("volume", name);
        }

        Check(actor, found.Team, write, name);
        return found;
    }

    /// <summary>Finds a volume without an access decision; null when the engine has none of that name.</summary>
    public async Task<ResolvedVolume?> FindAsync(string name, CancellationToken cancellationToken)
    {
        if (!EngineNames.CanName(name))
        {
            return null;
        }

        try
        {
            var inspect = await engines.Current.Client.Volumes.InspectAsync(name, cancellationToken).ConfigureAwait(false);
            var team = inspect.Labels?.TryGetValue(PortalLabels.Team, out var t) == true && t.Length > 0 ? t : null;
            return new ResolvedVolume(inspect.Name, team, inspect);
        }
        catch (DockerApiException ex) when (ex.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest)
        {
            // 400 is the engine's answer to a name it cannot parse: to the actor it names nothing.
            return null;
        }
    }

    /// <summary>The decision itself (pure, for unit tests).</summary>
    public static void Check(Actor actor, string? team, bool write, string asNamed)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.CanSee(team))
        {
            throw OperationFailedException.NotFound("volume", asNamed);
        }

        if (write && !actor.CanOperate(team))
        {
            throw OperationFailedException.Forbidden(actor.ReadOnly ? "This access token is read-only." : $"You have read-only access to team '{team}'.");
        }
    }
}
