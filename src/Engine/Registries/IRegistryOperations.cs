using Portal.Engine.Pipeline;

namespace Portal.Engine.Registries;

/// <summary>
/// Stored registries (like <c>docker login</c>, kept server-side). Admins add registries for
/// everyone or any team; operators add and remove their own team's. To everyone else another
/// team's registry does not exist (not found). Secrets are never returned.
/// </summary>
public interface IRegistryOperations
{
    /// <summary>Registries the actor may use: everyone's and their teams' (admins: all).</summary>
    Task<IReadOnlyList<RegistryInfo>> ListAsync(Actor actor, CancellationToken cancellationToken);

    /// <summary>Stores a registry with its secret encrypted; throws invalid, forbidden or conflict (name taken).</summary>
    Task<RegistryInfo> CreateAsync(Actor actor, RegistryCreateRequest request, CancellationToken cancellationToken);

    /// <summary>Removes a registry; throws not-found or forbidden.</summary>
    Task DeleteAsync(Actor actor, int id, CancellationToken cancellationToken);

    /// <summary>Calls <c>GET /v2/</c> with the stored login and says whether it is ok, unauthorized or unreachable.</summary>
    Task<RegistryTestResult> TestAsync(Actor actor, int id, CancellationToken cancellationToken);
}
