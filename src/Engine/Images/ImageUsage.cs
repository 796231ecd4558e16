using Docker.DotNet.Models;
using Portal.Engine.Access;
using Portal.Engine.Docker;

using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Images;

/// <summary>
/// Which containers use which images, and which of those containers the actor may see or change,
/// so image pages can say "used by web-1" without naming another team's containers.
/// </summary>
public sealed class ImageUsage(Engines engines, ContainerVisibility visibility)
{
    /// <summary>Every container on the engine (running or not), marked for <paramref name="actor"/>.</summary>
    public async Task<IReadOnlyList<ContainerUse>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        var containers = await engines.Current.Client.Containers.ListContainersAsync(new ContainersListParameters { All = true }, cancellationToken).ConfigureAwait(false);
        var owners = await visibility.ForAsync(actor, cancellationToken).ConfigureAwait(false);
        return containers.Select(c =>
        {
            var team = owners.TeamOf(c);
            var name = c.Names?.FirstOrDefault()?.TrimStart('/') ?? c.ID[..Math.Min(12, c.ID.Length)];
            return new ContainerUse(c.ID, name, c.ImageID, actor.CanSee(team), actor.CanOperate(team));
        }).ToList();
    }
}
