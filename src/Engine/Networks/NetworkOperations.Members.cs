using Docker.DotNet.Models;
using Portal.Engine.Access;
using Portal.Engine.Labels;
using Portal.Engine.Pipeline;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Networks;

public sealed partial class NetworkOperations
{
    /// <summary>An attached container as the actor may see it, or null when it is another team's.</summary>
    private async Task<NetworkMember?> MemberAsync(Actor actor, string network, string id, EndpointResource endpoint, CancellationToken ct)
    {
        ResolvedContainer c;
        try
        {
            c = await containers.ResolveAsync(actor, id, write: false, ct).ConfigureAwait(false);
        }
        catch (OperationFailedException ex) when (ex.Outcome == OperationOutcome.NotFound)
        {
            return null;
        }

        // Aliases live on the container's side of the attachment.
        IReadOnlyList<string> aliases = [];
        try
        {
            var inspect = await engines.Current.Client.Containers.InspectContainerAsync(c.Id, ct).ConfigureAwait(false);
            if (inspect.NetworkSettings?.Networks?.TryGetValue(network, out var settings) == true && settings.Aliases is { } a)
            {
                aliases = a.Where(x => !c.Id.StartsWith(x, StringComparison.Ordinal)).ToList();
            }
        }
        catch (global::Docker.DotNet.DockerContainerNotFoundException)
        {
            // Removed while we looked; show it without aliases.
        }

        return new NetworkMember(c.Id, c.Name, StripPrefix(endpoint.IPv4Address), StripPrefix(endpoint.IPv6Address), endpoint.MacAddress ?? "", aliases);
    }

    private async Task<string> InUseMessageAsync(Actor actor, string network, IDictionary<string, EndpointResource> attached, CancellationToken ct)
    {
        var names = new List<string>();
        var hidden = 0;
        foreach (var (id, endpoint) in attached)
        {
            try
            {
                var c = await containers.ResolveAsync(actor, id, write: false, ct).ConfigureAwait(false);
                names.Add(c.Name);
            }
            catch (OperationFailedException ex) when (ex.Outcome == OperationOutcome.NotFound)
            {
                hidden++;
            }
        }

        var who = string.Join(", ", names.Order(StringComparer.Ordinal));
        if (hidden > 0)
        {
            who += (who.Length > 0 ? " and " : "") + $"{hidden} container(s) of other teams";
        }

        return $"Network '{network}' is in use by {who}; disconnect or remove them first.";
    }

    private static NetworkSummary ToSummary(ResolvedNetwork n, int containers)
    {
        var ipam = n.Inspect.IPAM?.Config?.FirstOrDefault();
        var labels = n.Inspect.Labels ?? new Dictionary<string, string>();
        return new NetworkSummary(n.Id, n.Name, n.Inspect.Driver ?? "", n.Inspect.Scope ?? "", Blank(ipam?.Subnet), Blank(ipam?.Gateway),
            n.Inspect.Internal, n.Inspect.Attachable, n.Inspect.EnableIPv6, containers, n.Team,
            labels.TryGetValue(PortalLabels.Owner, out var owner) ? owner : null, n.Shared, n.BuiltIn,
            DateTime.SpecifyKind(n.Inspect.Created, DateTimeKind.Utc));
    }

    private static string StripPrefix(string? cidr) => string.IsNullOrEmpty(cidr) ? "" : cidr.Split('/')[0];

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
