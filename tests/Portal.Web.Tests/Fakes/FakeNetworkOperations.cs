using System.Collections.Concurrent;
using Portal.Engine.Networks;
using Portal.Engine.Pipeline;

namespace Portal.Web.Tests.Fakes;

/// <summary>A thread-safe, hand-written <see cref="INetworkOperations"/>: serves what it is given and records every call.</summary>
public sealed class FakeNetworkOperations : INetworkOperations
{
    private readonly ConcurrentDictionary<string, NetworkDetails> _networks = new(StringComparer.Ordinal);

    /// <summary>Calls as (action, network, argument).</summary>
    public ConcurrentQueue<(string Action, string Network, string? Argument)> Calls { get; } = new();

    /// <summary>Thrown by mutations when set.</summary>
    public Exception? Failure { get; set; }

    public static NetworkSummary Summary(string name, string? team = "web", bool builtIn = false) =>
        new("n" + Guid.NewGuid().ToString("N"), name, "bridge", "local", "10.30.0.0/24", "10.30.0.1", false, false, false, 0, team, "alice", false, builtIn,
            new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc));

    public void Add(NetworkSummary summary, params NetworkMember[] members) =>
        _networks[summary.Name] = new NetworkDetails { Summary = summary with { Containers = members.Length }, Members = members, Ipam = [new(summary.Subnet, null, summary.Gateway)] };

    public Task<IReadOnlyList<NetworkSummary>> ListAsync(Actor actor, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<NetworkSummary>>(_networks.Values.Select(n => n.Summary).OrderBy(n => n.Name, StringComparer.Ordinal).ToList());

    public Task<NetworkDetails> GetAsync(Actor actor, string idOrName, CancellationToken cancellationToken) =>
        _networks.TryGetValue(idOrName, out var n) ? Task.FromResult(n) : Task.FromException<NetworkDetails>(OperationFailedException.NotFound("network", idOrName));

    public Task<NetworkSummary> CreateAsync(Actor actor, CreateNetworkRequest request, CancellationToken cancellationToken)
    {
        Calls.Enqueue(("create", request.Name, request.Team));
        if (Failure is { } f)
        {
            return Task.FromException<NetworkSummary>(f);
        }

        var created = Summary(request.Name, request.Team);
        Add(created);
        return Task.FromResult(created);
    }

    public Task ConnectAsync(Actor actor, string network, ConnectNetworkRequest request, CancellationToken cancellationToken) => Act("connect", network, request.Container);

    public Task DisconnectAsync(Actor actor, string network, string container, bool force, CancellationToken cancellationToken) => Act("disconnect", network, container);

    public Task RemoveAsync(Actor actor, string idOrName, CancellationToken cancellationToken) => Act("remove", idOrName, null);

    public Task<PruneResult> PruneAsync(Actor actor, CancellationToken cancellationToken)
    {
        Calls.Enqueue(("prune", "", null));
        return Task.FromResult(new PruneResult([], 0));
    }

    private Task Act(string action, string network, string? argument)
    {
        Calls.Enqueue((action, network, argument));
        return Failure is { } f ? Task.FromException(f) : Task.CompletedTask;
    }
}
