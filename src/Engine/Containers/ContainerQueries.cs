using Portal.Data.Stores;
using Portal.Engine.Access;
using Portal.Engine.Docker;
using Portal.Engine.Pipeline;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Containers;

/// <summary>Reads containers: lists from the catalog, details from the engine (secrets masked for who may not see them).</summary>
public sealed class ContainerQueries(
    ContainerAccess access,
    Engines engines,
    CatalogStore catalog,
    TimeProvider time)
{
    public async Task<PagedResult<ContainerSummary>> ListAsync(Actor actor, ContainerListRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        if (request.AllEnvironments)
        {
            return await ListEverywhereAsync(actor, request, cancellationToken).ConfigureAwait(false);
        }

        IReadOnlyCollection<string>? visible = actor.IsAdmin ? null : actor.Teams.Keys.ToList();
        if (request.Team is { Length: > 0 } team)
        {
            // A team the actor cannot see filters to nothing, the same as an empty team.
            visible = actor.CanSee(team) ? [team] : [];
        }

        var engine = engines.Current;
        var page = await catalog.QueryContainersAsync(engine.Id, Query(request, visible), cancellationToken).ConfigureAwait(false);
        return new PagedResult<ContainerSummary>(page.Items.Select(c => ContainerSummary.From(c, time.GetUtcNow().UtcDateTime, engine.Name)).ToList(), page.Total);
    }

    /// <summary>One page over every environment the actor may use, from the catalog in one query: a dead engine costs nothing here.</summary>
    private async Task<PagedResult<ContainerSummary>> ListEverywhereAsync(Actor actor, ContainerListRequest request, CancellationToken cancellationToken)
    {
        var page = await catalog.QueryContainersAsync(engines.ScopesFor(actor, request.Team), Query(request, null), cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow().UtcDateTime;
        return new PagedResult<ContainerSummary>(page.Items.Select(c => ContainerSummary.From(c, now, engines.NameOf(c.EndpointId))).ToList(), page.Total);
    }

    private static ContainerQuery Query(ContainerListRequest request, IReadOnlyCollection<string>? teams) => new()
    {
        Teams = teams,
        All = request.All,
        State = request.State,
        Text = request.Text,
        Removed = request.Removed,
        Sort = request.Sort,
        Descending = request.Descending,
        Skip = request.Skip,
        Take = request.Take,
    };

    public async Task<ContainerDetails> GetAsync(Actor actor, string idOrName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var resolved = await access.ResolveAsync(actor, idOrName, write: false, cancellationToken).ConfigureAwait(false);
        var engine = engines.Current;
        try
        {
            var inspect = await engine.Client.Containers.InspectContainerAsync(resolved.Id, cancellationToken).ConfigureAwait(false);
            var row = await catalog.FindContainerAsync(engine.Id, resolved.Id, includeRemoved: true, cancellationToken).ConfigureAwait(false);
            var details = ContainerInspection.ToDetails(inspect, resolved.Team, row, time.GetUtcNow().UtcDateTime);
            details = details with { Summary = details.Summary with { Environment = engine.Name } };
            // Masked here, not in the page, so every caller (page, REST, hubs) gets the same view.
            return actor.MaySeeEnvironment(resolved.Team) ? details : details with { Env = SecretEnvironment.MaskValues(details.Env) };
        }
        catch (Exception ex) when (DockerErrorTranslator.Translate(ex, engine.Endpoint) is { } failure && !ReferenceEquals(failure, ex))
        {
            throw failure.Outcome == OperationOutcome.NotFound ? OperationFailedException.NotFound("container", idOrName) : failure;
        }
    }

    /// <summary>The catalog's list row for a container Portal just made, or <paramref name="fallback"/>'s when the catalog has none yet.</summary>
    public async Task<ContainerSummary> FindAsync(string id, Func<DateTime, ContainerSummary> fallback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        var engine = engines.Current;
        var row = await catalog.FindContainerAsync(engine.Id, id, includeRemoved: true, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow().UtcDateTime;
        return row is null ? fallback(now) with { Environment = engine.Name } : ContainerSummary.From(row, now, engine.Name);
    }
}
