using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.Engine.Docker;
using Portal.Engine.Pipeline;
using Portal.Engine.Runner;
using Portal.Engine.Teams;

namespace Portal.Engine.Environments;

/// <summary>
/// Environments through the pipeline: administrators create, edit, test and delete them and grant them to
/// teams, every change audited; <see cref="Engines"/> follows each change. Anyone else sees only the
/// environments their teams are granted, and an environment they are not granted does not exist for them.
/// </summary>
public sealed partial class EnvironmentOperations(
    OperationRunner runner,
    EndpointStore store,
    EnvironmentGrantStore grants,
    Engines engines,
    EngineConnectionFactory connections,
    EnvironmentDefinitions definitions)
{
    /// <summary>Stacks named when a delete is refused.</summary>
    private const int StacksShown = 10;

    /// <summary>How long a delete waits for the removed environment's supervisor to stop writing its catalog rows.</summary>
    private static readonly TimeSpan s_stopWait = TimeSpan.FromSeconds(10);

    /// <summary>Every environment for administrators; the granted ones, without connection details, for anyone else.</summary>
    public async Task<IReadOnlyList<EnvironmentInfo>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var rows = await store.ListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Where(r => MaySee(actor, r)).Select(r => ToInfo(r, actor.IsAdmin)).ToList();
    }

    /// <summary>One environment, or not-found (also for one the actor's teams are not granted).</summary>
    public async Task<EnvironmentInfo> GetAsync(Actor actor, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return ToInfo(await FindAsync(actor, name, cancellationToken).ConfigureAwait(false), actor.IsAdmin);
    }

    /// <summary>Admin: stores a new environment and starts connecting to it.</summary>
    public Task<EnvironmentInfo> CreateAsync(Actor actor, EnvironmentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return runner.RunAsync(actor, "environment.create", request.Name?.Trim() ?? "", async (ctx, ct) =>
        {
            TeamOperations.RequireAdmin(actor);
            var validated = EnvironmentValidation.Validate(request, null);
            var row = new EngineEndpoint { Name = validated.Definition.Name, Uri = validated.Definition.Uri };
            definitions.Write(validated, row);
            if (!await store.AddAsync(row, ct).ConfigureAwait(false))
            {
                throw OperationFailedException.NameTaken("environment", row.Name);
            }

            ctx.Environment = new EngineEnvironment(row.Id, row.Name);
            engines.Add(ctx.Environment, connections.Create(validated.Definition));
            // The detail names the kind and address, never a secret.
            ctx.Detail = $"{EnvironmentKinds.Name(row.Kind)} {row.Uri}";
            return ToInfo(row, admin: true);
        }, cancellationToken);
    }

    /// <summary>
    /// Admin: edits an environment. A change to how it is reached (kind, address, keys, pinned host key) or to its
    /// name reconnects it; a change to its description or labels alone leaves the connection as it is.
    /// </summary>
    public Task<EnvironmentInfo> UpdateAsync(Actor actor, string name, EnvironmentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return runner.RunAsync(actor, "environment.update", name ?? "", async (ctx, ct) =>
        {
            TeamOperations.RequireAdmin(actor);
            var row = await FindAsync(ctx, name, ct).ConfigureAwait(false);
            var stored = definitions.Stored(row);
            // The configured engine's address comes from PORTAL_ENGINE (any scheme the engine options take), so it is
            // not checked as a socket environment's would be: only its description and labels change here.
            if (IsLocal(row) && EnvironmentValidation.TouchesConnection(request, stored.Definition))
            {
                throw OperationFailedException.Invalid($"The environment '{row.Name}' is Portal's configured engine (PORTAL_ENGINE): only its description and labels can be edited, and it cannot be renamed.");
            }

            var validated = IsLocal(row) ? EnvironmentValidation.Details(request, stored) : EnvironmentValidation.Validate(request, stored);
            var reconnect = validated.Definition != stored.Definition;

            definitions.Write(validated, row);
            if (!await store.UpdateAsync(row, ct).ConfigureAwait(false))
            {
                throw OperationFailedException.NameTaken("environment", row.Name);
            }

            if (reconnect)
            {
                engines.Replace(stored.Definition.Name, new EngineEnvironment(row.Id, row.Name), connections.Create(validated.Definition));
            }

            ctx.Target = row.Name;
            ctx.Detail = Changes(stored, validated);
            return ToInfo(row, admin: true);
        }, cancellationToken);
    }

    /// <summary>
    /// Admin: deletes an environment with its grants and catalog rows, and stops driving its engine (nothing on the
    /// engine is touched). Refused while stacks are recorded on it, naming them; the configured engine stays.
    /// </summary>
    public Task DeleteAsync(Actor actor, string name, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "environment.delete", name ?? "", async (ctx, ct) =>
        {
            TeamOperations.RequireAdmin(actor);
            var row = await FindAsync(ctx, name, ct).ConfigureAwait(false);
            if (IsLocal(row))
            {
                throw OperationFailedException.Conflict($"The environment '{row.Name}' is Portal's configured engine (PORTAL_ENGINE) and cannot be deleted.");
            }

            var (stacks, count) = await store.StacksAsync(row.Id, StacksShown, ct).ConfigureAwait(false);
            if (count > 0)
            {
                var names = string.Join(", ", stacks) + (count > stacks.Count ? $" and {count - stacks.Count} more" : "");
                throw OperationFailedException.Conflict($"Environment '{row.Name}' still holds the stacks {names}; remove them or copy them elsewhere first.");
            }

            if (engines.TryGet(row.Name, out var engine) && engines.Remove(row.Name))
            {
                // Its catalog rows go next: wait until its supervisor can no longer write them back.
                try
                {
                    await engine.Stopped.WaitAsync(s_stopWait, ct).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // Never supervised (no watcher runs); nothing will write its rows.
                }
            }

            await store.DeleteAsync(row.Id, ct).ConfigureAwait(false);
            ctx.Detail = $"{EnvironmentKinds.Name(row.Kind)} {row.Uri}";
        }, cancellationToken);

    /// <summary>The row named <paramref name="name"/> if the actor may see it, otherwise not-found.</summary>
    private async Task<EngineEndpoint> FindAsync(Actor actor, string? name, CancellationToken cancellationToken)
    {
        var row = string.IsNullOrWhiteSpace(name) ? null : await store.FindAsync(name.Trim(), cancellationToken).ConfigureAwait(false);
        return row is not null && MaySee(actor, row) ? row : throw OperationFailedException.NotFound("environment", name ?? "");
    }

    /// <summary>Finds the environment an operation acts on; its audit entry is then filed under that environment.</summary>
    private async Task<EngineEndpoint> FindAsync(OperationContext ctx, string? name, CancellationToken cancellationToken)
    {
        var row = await FindAsync(ctx.Actor, name, cancellationToken).ConfigureAwait(false);
        ctx.Environment = new EngineEnvironment(row.Id, row.Name);
        return row;
    }

    private static bool MaySee(Actor actor, EngineEndpoint row) => actor.IsAdmin || actor.MayUse(row.Id);

    private bool IsLocal(EngineEndpoint row) => row.Name == engines.Local.Name;

    private EnvironmentInfo ToInfo(EngineEndpoint row, bool admin)
    {
        var status = engines.TryGet(row.Name, out var engine) ? engine.Status : null;
        var info = new EnvironmentInfo(
            row.Name,
            EnvironmentKinds.Name(row.Kind),
            row.Description,
            EnvironmentDefinitions.LabelsOf(row),
            IsLocal(row),
            status?.State.ToString() ?? EngineState.Unavailable.ToString(),
            status is null ? "Portal is not driving this environment." : status.Reason,
            status?.ServerVersion,
            status?.ApiVersion,
            status?.Since);
        return admin
            ? info with
            {
                Id = row.Id,
                Uri = row.Uri,
                TlsCa = row.TlsCaPem,
                TlsCert = row.TlsClientCertPem,
                HasTlsKey = row.TlsClientKeyCipher is not null,
                HasSshKey = row.SshPrivateKeyCipher is not null,
                SshHostKeyFingerprint = row.SshHostKeyFingerprint,
                CreatedAt = row.CreatedAt,
                UpdatedAt = row.UpdatedAt,
            }
            : info;
    }

    /// <summary>Which fields an update changed, by name only: the audit never holds a secret.</summary>
    private static string Changes(ValidatedEnvironment before, ValidatedEnvironment after)
    {
        var (b, a) = (before.Definition, after.Definition);
        var changed = new List<string>();
        Add("name", b.Name != a.Name);
        Add("kind", b.Kind != a.Kind);
        Add("uri", b.Uri != a.Uri);
        Add("tlsCa", b.TlsCaPem != a.TlsCaPem);
        Add("tlsCert", b.TlsClientCertPem != a.TlsClientCertPem);
        Add("tlsKey", b.TlsClientKeyPem != a.TlsClientKeyPem);
        Add("sshKey", b.SshPrivateKey != a.SshPrivateKey);
        Add("sshHostKeyFingerprint", b.SshHostKeyFingerprint != a.SshHostKeyFingerprint);
        Add("description", before.Description != after.Description);
        Add("labels", !before.Labels.SequenceEqual(after.Labels));
        return changed.Count == 0 ? "no change" : "changed " + string.Join(", ", changed);

        void Add(string field, bool differs)
        {
            if (differs)
            {
                changed.Add(field);
            }
        }
    }
}
