using Docker.DotNet.Models;
using Portal.Data.Stores;
using Portal.Engine.Docker;

using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Images;

/// <summary>
/// Which containers use which images, and which of those containers the actor may see or change,
/// so image pages can say "used by web-1" without naming another team's containers.
/// </summary>
public sealed class ImageUsage(EngineConnection connection, CatalogStore catalog, EngineContext engine)
{
    /// <summary>Every container on the engine (running or not), marked for <paramref name="actor"/>.</summary>
    public async Task<IReadOnlyList<ContainerUse>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        var containers = await connection.Client.Containers.ListContainersAsync(new ContainersListParameters { All = true }, cancellationToken).ConfigureAwait(false);
        var catalogTeams = actor.IsAdmin ? [] : await CatalogTeamsAsync(actor, cancellationToken).ConfigureAwait(false);
        return containers.Select(c =>
        {
            // The label decides; the catalog adds teams an admin assigned to containers made outside Portal.
            var team = ImageAccess.TeamOf(c.Labels) ?? catalogTeams.GetValueOrDefault(c.ID);
            var name = c.Names?.FirstOrDefault()?.TrimStart('/') ?? c.ID[..Math.Min(12, c.ID.Length)];
            return new ContainerUse(c.ID, name, c.ImageID, actor.CanSee(team), actor.CanOperate(team));
        }).ToList();
    }

    private async Task<Dictionary<string, string>> CatalogTeamsAsync(Actor actor, CancellationToken cancellationToken)
    {
        var teams = new Dictionary<string, string>(StringComparer.Ordinal);
        if (actor.Teams.Count == 0)
        {
            return teams;
        }

        for (var skip = 0; ; skip += CatalogStore.MaxPageSize)
        {
            var page = await catalog.QueryContainersAsync(engine.EndpointId, new ContainerQuery
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
