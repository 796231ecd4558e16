using Portal.Engine.Pipeline;

namespace Portal.Engine.DiskUsage;

/// <summary><c>docker system df</c> and the prunes, for an <see cref="Actor"/>.</summary>
public interface IDiskUsageOperations
{
    /// <summary>Admins see images, containers, volumes and build cache; others their teams' containers and volumes.</summary>
    Task<DiskUsageReport> GetAsync(Actor actor, CancellationToken cancellationToken);

    /// <summary>Prunes one scope; non-admins only their teams' containers, volumes and networks.</summary>
    Task<PruneResult> PruneAsync(Actor actor, PruneScope scope, CancellationToken cancellationToken);
}
