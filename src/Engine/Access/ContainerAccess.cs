using System.Text.Json;
using Docker.DotNet;
using Portal.Data.Stores;
using Portal.Engine.Admission;
using Portal.Engine.Docker;
using Portal.Engine.Labels;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Access;

/// <summary>
/// The access step for containers: finds the object and decides whether the actor may see or
/// change it. Another team's container is reported exactly like a missing one.
/// </summary>
public sealed class ContainerAccess(CatalogStore catalog, Engines engines)
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

    /// <summary>
    /// The teams of the containers <paramref name="spec"/> refers to (<c>container:</c> modes, volumes-from), for admission:
    /// those the actor may not see are left out, so a rule refuses them like a stranger's. None are looked up for an
    /// administrator, whom admission passes anyway.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string?>> ReferencedTeamsAsync(Actor actor, ContainerSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var teams = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (actor.IsAdmin)
        {
            return teams;
        }

        foreach (var name in ContainerAdmission.ReferencedContainers(spec))
        {
            try
            {
                teams[name] = (await ResolveAsync(actor, name, write: false, cancellationToken).ConfigureAwait(false)).Team;
            }
            catch (OperationFailedException ex) when (ex.Outcome == OperationOutcome.NotFound)
            {
                // Not one the actor may see: left out.
            }
        }

        return teams;
    }

    private async Task<ResolvedContainer?> FindAsync(string idOrName, CancellationToken cancellationToken)
    {
        if (!EngineNames.CanName(idOrName))
        {
            return null;
        }

        var row = await catalog.FindContainerAsync(engines.Current.Id, idOrName, includeRemoved: false, cancellationToken).ConfigureAwait(false);
        if (row is not null)
        {
            var labels = JsonSerializer.Deserialize<Dictionary<string, string>>(row.LabelsJson) ?? [];
            return new ResolvedContainer(row.ContainerId, row.Name, row.Team, labels);
        }

        // The catalog follows events and may lag a container made a moment ago outside Portal.
        try
        {
            var inspect = await engines.Current.Client.Containers.InspectContainerAsync(idOrName, cancellationToken).ConfigureAwait(false);
            var labels = inspect.Config?.Labels is { } l ? new Dictionary<string, string>(l) : [];
            var assigned = await catalog.FindContainerAsync(engines.Current.Id, inspect.ID, includeRemoved: true, cancellationToken).ConfigureAwait(false);
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
