using Docker.DotNet.Models;
using Portal.Data.Stores;
using Portal.Engine.Access;
using Portal.Engine.Admission;
using Portal.Engine.Docker;
using Portal.Engine.Labels;
using Portal.Engine.Pipeline;
using Portal.Engine.Resources;
using Portal.Engine.Runner;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Networks;

/// <summary>Network operations: reads, and declared changes the runner takes through access → admission → engine → audit.</summary>
public sealed partial class NetworkOperations(
    OperationRunner runner,
    NetworkAccess access,
    ContainerAccess containers,
    NetworkListing listing,
    Engines engines,
    TeamStore teams,
    NetworkResources resources) : INetworkOperations
{
    /// <inheritdoc cref="NetworkListing.ListAsync"/>
    public Task<IReadOnlyList<NetworkSummary>> ListAsync(Actor actor, CancellationToken cancellationToken) => listing.ListAsync(actor, cancellationToken);

    public async Task<NetworkDetails> GetAsync(Actor actor, string idOrName, CancellationToken cancellationToken)
    {
        try
        {
            var n = await access.ResolveAsync(actor, idOrName, NetworkUse.Read, cancellationToken).ConfigureAwait(false);
            var members = new List<NetworkMember>();
            foreach (var (id, endpoint) in n.Inspect.Containers ?? new Dictionary<string, EndpointResource>())
            {
                // Another team's container is left out of the members and of the count alike.
                if (await MemberAsync(actor, n.Name, id, endpoint, cancellationToken).ConfigureAwait(false) is { } member)
                {
                    members.Add(member);
                }
            }

            return new NetworkDetails
            {
                Summary = ToSummary(n, members.Count),
                Ipam = n.Inspect.IPAM?.Config?.Select(c => new NetworkIpam(Blank(c.Subnet), Blank(c.IPRange), Blank(c.Gateway))).ToList() ?? [],
                Members = members.OrderBy(m => m.Name, StringComparer.Ordinal).ToList(),
                Labels = n.Inspect.Labels is { } l ? new Dictionary<string, string>(l) : [],
                Options = n.Inspect.Options is { } o ? new Dictionary<string, string>(o) : [],
            };
        }
        catch (Exception ex) when (ex is not OperationFailedException && DockerErrorTranslator.Translate(ex, engines.Current.Endpoint) is { } failure)
        {
            throw failure;
        }
    }

    public Task<NetworkSummary> CreateAsync(Actor actor, CreateNetworkRequest request, CancellationToken cancellationToken)
    {
        NetworksCreateParameters? parameters = null;
        var declaration = new OperationDeclaration("network.create", TargetKind.Network, request.Name ?? "")
        {
            Access = OwningTeam.ForNew(teams, request.Team, "network", request.Name ?? ""),
            Admit = (target, _) =>
            {
                // A malformed request is a bad request before it is a refused one.
                var labels = OwningTeam.Labels(ObjectLabels.Validate(request.Labels), target.Team, actor.UserName);
                if (request.Shared)
                {
                    labels[PortalLabels.Shared] = "true";
                }

                parameters = NetworkRequestParser.Parse(request, labels);
                return Task.FromResult<IReadOnlyList<AdmissionRequest>>([new NetworkCreateAdmission(request.Driver, request.Options, request.Shared)]);
            },
        };
        return runner.RunAsync(actor, declaration, async (op, ct) =>
        {
            var id = await resources.CreateAsync(op, parameters!, ct).ConfigureAwait(false);
            var created = await access.ResolveAsync(Actor.System, id, NetworkUse.Read, ct).ConfigureAwait(false);
            op.Context.Target = created.Name;
            op.Context.Detail = $"driver {parameters!.Driver}" + (parameters.IPAM?.Config?.FirstOrDefault()?.Subnet is { } s ? $", subnet {s}" : "");
            return ToSummary(created, 0);
        }, cancellationToken);
    }

    public Task ConnectAsync(Actor actor, string network, ConnectNetworkRequest request, CancellationToken cancellationToken)
    {
        ResolvedNetwork? n = null;
        return runner.RunAsync(actor, Declare("network.connect", network, NetworkUse.Attach, found => n = found), async (op, ct) =>
        {
            var c = await containers.ResolveAsync(actor, request.Container, write: true, ct).ConfigureAwait(false);
            var ip = string.IsNullOrWhiteSpace(request.IPv4Address) ? null : request.IPv4Address.Trim();
            if (ip is not null && !System.Net.IPAddress.TryParse(ip, out _))
            {
                throw OperationFailedException.Invalid($"'{ip}' is not an IP address.");
            }

            var aliases = request.Aliases?.Select(a => a.Trim()).Where(a => a.Length > 0).ToList() ?? [];
            await resources.ConnectAsync(op, n!.Id, c.Id, new EndpointSettings
            {
                Aliases = aliases.Count > 0 ? aliases : null!,
                IPAMConfig = ip is null ? null! : new EndpointIPAMConfig { IPv4Address = ip },
            }, ct).ConfigureAwait(false);
            op.Context.Detail = $"connected container {c.Name}" + (ip is null ? "" : $" at {ip}");
        }, cancellationToken);
    }

    public Task DisconnectAsync(Actor actor, string network, string container, bool force, CancellationToken cancellationToken)
    {
        ResolvedNetwork? n = null;
        return runner.RunAsync(actor, Declare("network.disconnect", network, NetworkUse.Read, found => n = found), async (op, ct) =>
        {
            var c = await containers.ResolveAsync(actor, container, write: true, ct).ConfigureAwait(false);
            await resources.DisconnectAsync(op, n!.Id, c.Id, force, ct).ConfigureAwait(false);
            op.Context.Detail = $"disconnected container {c.Name}";
        }, cancellationToken);
    }

    public Task RemoveAsync(Actor actor, string idOrName, CancellationToken cancellationToken)
    {
        ResolvedNetwork? n = null;
        return runner.RunAsync(actor, Declare("network.remove", idOrName, NetworkUse.Change, found => n = found), async (op, ct) =>
        {
            await resources.EnsureMayRemoveAsync(n!.Id, ct).ConfigureAwait(false);
            var attached = n.Inspect.Containers ?? new Dictionary<string, EndpointResource>();
            if (attached.Count > 0)
            {
                throw OperationFailedException.Conflict(await InUseMessageAsync(actor, n.Name, attached, ct).ConfigureAwait(false));
            }

            await resources.RemoveAsync(op, n.Id, ct).ConfigureAwait(false);
        }, cancellationToken);
    }

    public Task<PruneResult> PruneAsync(Actor actor, CancellationToken cancellationToken)
    {
        var declaration = new OperationDeclaration("network.prune", TargetKind.Network, "networks")
        {
            Access = (_, _) => Task.FromResult(new OperationTarget("networks", null)),
        };
        return runner.RunAsync(actor, declaration, async (op, ct) =>
        {
            var removed = new List<string>();
            foreach (var filter in PruneFilters(actor))
            {
                removed.AddRange(await resources.PruneAsync(op, filter, ct).ConfigureAwait(false));
            }

            op.Context.Detail = removed.Count == 0 ? "nothing to remove" : $"removed {string.Join(", ", removed)}";
            return new PruneResult(removed, 0);
        }, cancellationToken);
    }

    /// <summary>An operation on one existing network: access resolves it for <paramref name="use"/> (its name and team go to the audit).</summary>
    private OperationDeclaration Declare(string action, string idOrName, NetworkUse use, Action<ResolvedNetwork> resolved) =>
        new(action, TargetKind.Network, idOrName)
        {
            Access = async (actor, ct) =>
            {
                var n = await access.ResolveAsync(actor, idOrName, use, ct).ConfigureAwait(false);
                resolved(n);
                return new OperationTarget(n.Name, n.Team);
            },
        };

    /// <summary>Label filters that keep a non-admin's prune inside their teams; admins prune everything.</summary>
    internal static IEnumerable<IDictionary<string, IDictionary<string, bool>>?> PruneFilters(Actor actor)
    {
        if (actor.IsAdmin)
        {
            return [null];
        }

        var operable = actor.OperableTeams.ToList();
        if (operable.Count == 0)
        {
            throw OperationFailedException.Forbidden("You are not an operator of any team, so there is nothing you may prune.");
        }

        return operable.Select(team => (IDictionary<string, IDictionary<string, bool>>?)new Dictionary<string, IDictionary<string, bool>>
        {
            ["label"] = new Dictionary<string, bool> { [$"{PortalLabels.Team}={team}"] = true },
        });
    }
}
