using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Resources;

/// <summary>
/// Creates a network only under a name no other network holds, whoever's it is. An API 1.41 engine
/// makes a second network of an existing name unless the request carries <c>CheckDuplicate</c>,
/// and from then on every call by that name is "ambiguous" — one team could take another's network
/// out of service by naming one. Docker.DotNet no longer models that field (API 1.44 made the check
/// unconditional and dropped it), so the name is checked here before the create and again after it.
/// </summary>
public static class NetworkCreation
{
    /// <summary>Creates the network and returns its id; a taken name is refused with <see cref="OperationFailedException.NameTaken"/>.</summary>
    public static async Task<string> CreateAsync(IDockerClient client, NetworksCreateParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(parameters);
        if ((await HoldersAsync(client, parameters.Name, cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            throw OperationFailedException.NameTaken("network", parameters.Name);
        }

        NetworksCreateResponse created;
        try
        {
            created = await client.Networks.CreateNetworkAsync(parameters, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
        {
            // Newer engines refuse a duplicate themselves; their message names the holder's id.
            throw OperationFailedException.NameTaken("network", parameters.Name);
        }

        // Two creates can pass the check at once: the oldest network keeps the name, a later one is removed again.
        var holders = await HoldersAsync(client, parameters.Name, CancellationToken.None).ConfigureAwait(false);
        if (holders.Count > 1 && holders[0].ID != created.ID)
        {
            await client.Networks.DeleteNetworkAsync(created.ID, CancellationToken.None).ConfigureAwait(false);
            throw OperationFailedException.NameTaken("network", parameters.Name);
        }

        return created.ID;
    }

    /// <summary>True when a network on the engine, whoever's, is called exactly <paramref name="name"/>.</summary>
    public static async Task<bool> IsTakenAsync(IDockerClient client, string name, CancellationToken cancellationToken) =>
        (await HoldersAsync(client, name, cancellationToken).ConfigureAwait(false)).Count > 0;

    /// <summary>Networks called exactly <paramref name="name"/>, oldest first (the engine's name filter also matches parts of names).</summary>
    private static async Task<List<NetworkResponse>> HoldersAsync(IDockerClient client, string name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        var matches = await client.Networks.ListNetworksAsync(new NetworksListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["name"] = new Dictionary<string, bool> { [name] = true } },
        }, ct).ConfigureAwait(false);
        return matches.Where(n => string.Equals(n.Name, name, StringComparison.Ordinal))
            .OrderBy(n => n.Created).ThenBy(n => n.ID, StringComparer.Ordinal).ToList();
    }
}
