using System.Text.Json;
using Docker.DotNet;
using Portal.Data.Stores;
using Portal.Engine.Docker;
using Portal.Engine.Labels;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Containers;

/// <summary>
/// The access step for containers: finds the object and decides whether the actor may see or
/// change it. Another team's container is reported exactly like a missing one.
/// </summary>
public sealed class ContainerAccess(CatalogStore catalog, EngineConnection connection, EngineContext engine)
{
    /// <summary>Resolves <paramref name="idOrName"/> for <paramref name="actor"/>, or throws not-found / forbidden.</summary>
    public async Task<ResolvedContainer> ResolveAsync(Actor actor, string idOrName, bool write, CancellationToken cancellationToken)
    {
        var found = await FindAsync(idOrName, cancellationToken).ConfigureAwait(false);
        if (found is null || !actor.CanSee(found.Team))
        {
            throw OperationFailedException.NotFound("container", idOrName);
        }

        if (write && !actor.CanOperate(found.Team))
        {
            throw OperationFailedException.Forbidden(actor.ReadOnly
                ? "This access token is read-only."
                : $"You have read-only access to team '{found.Team}'.");
        }

        return found;
    }

    private async Task<ResolvedContainer?> FindAsync(string idOrName, CancellationToken cancellationToken)
    {
        if (!EngineNames.CanName(idOrName))
        {
            return null;
        }

        var row = await catalog.FindContainerAsync(engine.EndpointId, idOrName, includeRemoved: false, cancellationToken).ConfigureAwait(false);
        if (row is not null)
        {
            var labels = JsonSerializer.Deserialize<Dictionary<string, string>>(row.LabelsJson) ?? [];
            return new ResolvedContainer(row.ContainerId, row.Name, row.Team, labels);
        }

        // The catalog follows events and may lag a container made a moment ago outside Portal.
        try
        {
            var inspect = await connection.Client.Containers.InspectContainerAsync(idOrName, cancellationToken).ConfigureAwait(false);
            var labels = inspect.Config?.Labels is { } l ? new Dictionary<string, string>(l) : [];
            var assigned = await catalog.FindContainerAsync(engine.EndpointId, inspect.ID, includeRemoved: true, cancellationToken).ConfigureAwait(false);
            var team = labels.TryGetValue(PortalLabels.Team, out var t) && t.Length > 0 ? t : assigned?.AssignedTeam;
            return new ResolvedContainer(inspect.ID, inspect.Name.TrimStart('/'), team, labels);
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
        catch (DockerApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.BadRequest)
        {
            // The engine's answer to a name it cannot parse: to the actor it names nothing.
            return null;
        }
    }
}
