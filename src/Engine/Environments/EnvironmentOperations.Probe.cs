using Portal.Engine.Docker;
using Portal.Engine.Pipeline;
using Portal.Engine.Teams;

namespace Portal.Engine.Environments;

public sealed partial class EnvironmentOperations
{
    /// <summary>
    /// Admin: tries to reach a stored environment — with <paramref name="changes"/> laid over it when given, so an
    /// edit can be tested before it is saved. Nothing is stored: an SSH host key the probe reports is pinned only
    /// when the administrator saves it.
    /// </summary>
    public Task<EnvironmentProbe> TestAsync(Actor actor, string name, EnvironmentRequest? changes, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "environment.test", name ?? "", async (ctx, ct) =>
        {
            TeamOperations.RequireAdmin(actor);
            var row = await FindAsync(ctx, name, ct).ConfigureAwait(false);
            var stored = definitions.Stored(row);
            var definition = changes is null ? stored.Definition : EnvironmentValidation.Validate(changes, stored).Definition;
            return await ProbeAsync(ctx, definition, ct).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>Admin: tries to reach an environment that is not saved yet (the body of a create).</summary>
    public Task<EnvironmentProbe> TestAsync(Actor actor, EnvironmentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // An unnamed draft is still probed; the name only appears in messages.
        var draft = string.IsNullOrWhiteSpace(request.Name) ? request with { Name = "new" } : request;
        return runner.RunAsync(actor, "environment.test", draft.Name!.Trim(), async (ctx, ct) =>
        {
            TeamOperations.RequireAdmin(actor);
            return await ProbeAsync(ctx, EnvironmentValidation.Validate(draft, null).Definition, ct).ConfigureAwait(false);
        }, cancellationToken);
    }

    private async Task<EnvironmentProbe> ProbeAsync(OperationContext ctx, EnvironmentDefinition definition, CancellationToken ct)
    {
        var probe = await connections.ProbeAsync(definition, ct).ConfigureAwait(false);
        ctx.Detail = probe.Reachable ? $"{definition.Uri}: engine {probe.ServerVersion}, API {probe.ApiVersion}" : $"{definition.Uri}: {probe.Error}";
        return probe;
    }
}
