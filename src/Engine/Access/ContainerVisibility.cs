using Docker.DotNet.Models;
using Portal.Data.Stores;
using Portal.Engine.Docker;
using Portal.Engine.Labels;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Access;

/// <summary>
/// Which of the engine's containers an actor may see, decided as <see cref="ContainerAccess"/>
/// decides: the team label, else the team an admin assigned in the catalog to a container made
/// outside Portal. Counts and flags built from an engine listing filter through this, so they
/// never include another team's containers.
/// </summary>
public sealed class ContainerVisibility(CatalogStore catalog, Engines engines)
{
    /// <summary>A test for one listed container; admins see every one.</summary>
    public async Task<ContainerOwners> ForAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return new ContainerOwners(actor, actor.IsAdmin ? new Dictionary<string, string>() : await AssignedTeamsAsync(actor, cancellationToken).ConfigureAwait(false));
    }

    private async Task<Dictionary<string, string>> AssignedTeamsAsync(Actor actor, CancellationToken cancellationToken)
    {
        var teams = new Dictionary<string, string>(StringComparer.Ordinal);
        if (actor.Teams.Count == 0)
        {
            return teams;
        }

        for (var skip = 0; ; skip += CatalogStore.MaxPageSize)
        {
            var page = await catalog.QueryContainersAsync(engines.Current.Id, new ContainerQuery
            {
                Teams = actor.Teams.Keys.ToList(),
                All = true,
                Skip = skip,
                Take = CatalogStore.MaxPageSize,
            }, cancellationToken).ConfigureAwait(false);
            foreach (var row in page.Items)
            {
                if (row.Team is not null)
                {
                    teams[row.ContainerId] = row.Team;
                }
            }

            if (page.Items.Count < CatalogStore.MaxPageSize)
            {
                return teams;
            }
        }
    }
}

/// <summary>The owning team of listed containers as <see cref="ContainerVisibility"/> found it for one actor.</summary>
public sealed class ContainerOwners(Actor actor, IReadOnlyDictionary<string, string> assigned)
{
    /// <summary>The label's team, else the catalog's for a container of the actor's teams; null when neither names one.</summary>
    public string? TeamOf(ContainerListResponse container)
    {
        ArgumentNullException.ThrowIfNull(container);
        return container.Labels is { } labels && labels.TryGetValue(PortalLabels.Team, out var team) && team.Length > 0
            ? team
            : assigned.GetValueOrDefault(container.ID);
    }

    /// <summary>True when the actor may know the container exists.</summary>
    public bool IsVisible(ContainerListResponse container) => actor.CanSee(TeamOf(container));
}
