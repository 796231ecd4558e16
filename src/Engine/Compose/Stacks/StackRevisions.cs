using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.Engine.Compose.Loading;
using Portal.Engine.Docker;
using Portal.Engine.Pipeline;
using Portal.Engine.Runner;

namespace Portal.Engine.Compose.Stacks;

/// <summary>
/// A stack's files and revisions on behalf of an actor: list and read, validate, save, roll back, and
/// adopt a project made by the CLI (admins), each change through the pipeline.
/// </summary>
public sealed class StackRevisions(StackAccess access, StackStore stacks, TeamStore teams, Engines engines, OperationRunner runner)
{
    /// <summary>Stacks the actor may see (admins: also engine-only projects), with status from the catalog. Like <c>docker compose ls -a</c>.</summary>
    public async Task<IReadOnlyList<StackSummary>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var saved = await stacks.ListAsync(engines.Current.Id, cancellationToken).ConfigureAwait(false);
        var byProject = await access.ProjectContainersAsync(cancellationToken).ConfigureAwait(false);
        // One query for every stack's revision number, not one (with its files) per stack.
        var revisions = await stacks.LatestRevisionNumbersAsync(engines.Current.Id, cancellationToken).ConfigureAwait(false);
        var result = new List<StackSummary>();
        foreach (var stack in saved.Where(s => StackAccess.CanSee(actor, s)))
        {
            result.Add(access.Summarize(stack.Name, stack.Team, stack.Adopted ? StackSource.Adopted : StackSource.Portal,
                byProject.GetValueOrDefault(stack.Name) ?? [], revisions.GetValueOrDefault(stack.Id), stack.UpdatedAt));
        }

        if (actor.IsAdmin)
        {
            var known = saved.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
            result.AddRange(byProject.Where(p => !known.Contains(p.Key))
                .Select(p => access.Summarize(p.Key, null, StackSource.Engine, p.Value, 0, null)));
        }

        return [.. result.OrderBy(s => s.Name, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Stacks of every environment the actor may use, each read as in that environment (the actor narrowed to the
    /// teams granted there) and naming it; from the database and catalog only, so an unreachable engine costs nothing.
    /// </summary>
    public async Task<IReadOnlyList<StackSummary>> ListEverywhereAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var result = new List<StackSummary>();
        foreach (var engine in engines.UsableBy(actor))
        {
            using var scope = Engines.Use(engine);
            result.AddRange(await ListAsync(actor.In(engine.Id), cancellationToken).ConfigureAwait(false));
        }

        return [.. result.OrderBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.Environment, StringComparer.Ordinal)];
    }

    /// <summary>One stack with its latest files and its containers; not found when the actor may not see it.</summary>
    public async Task<StackDetails> GetAsync(Actor actor, string name, CancellationToken cancellationToken)
    {
        var (stack, summary) = await access.ResolveAsync(actor, name, cancellationToken).ConfigureAwait(false);
        var revision = stack is null ? null : await stacks.RevisionAsync(stack.Id, null, cancellationToken).ConfigureAwait(false);
        var containers = (await access.ProjectContainersAsync(cancellationToken).ConfigureAwait(false)).GetValueOrDefault(name) ?? [];
        return new StackDetails(summary, revision is null ? [] : StackAccess.Files(revision), revision?.Env ?? "", containers);
    }

    /// <summary>Checks files with the loader and the model binder without saving; returns the located errors.</summary>
    public IReadOnlyList<ComposeError> Validate(string name, IReadOnlyList<ComposeFile> files, string env) => access.Validate(name, files, env);

    /// <summary>Creates the stack or saves a new revision of it; invalid files are not saved, their errors are returned.</summary>
    public Task<StackSaveResult> SaveAsync(Actor actor, SaveStackRequest request, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "stack.save", request?.Name ?? "", async (ctx, ct) =>
        {
            ArgumentNullException.ThrowIfNull(request);
            var name = request.Name.Trim();
            var errors = Validate(name, request.Files, request.Env);
            if (errors.Count > 0)
            {
                ctx.Detail = $"not saved: {errors.Count} error(s)";
                return new StackSaveResult(null, errors);
            }

            var revision = new StackRevision
            {
                CreatedBy = actor.UserName,
                FilesJson = StackAccess.Serialize(request.Files),
                Env = request.Env,
                Comment = request.Comment,
            };
            var existing = await stacks.FindAsync(engines.Current.Id, name, ct).ConfigureAwait(false);
            if (existing is null)
            {
                var onEngine = (await access.ProjectContainersAsync(ct).ConfigureAwait(false)).ContainsKey(name);
                if (onEngine)
                {
                    // Only an admin may learn that the CLI holds the name (and may adopt it); to anyone else it is just taken.
                    throw actor.IsAdmin
                        ? OperationFailedException.Conflict($"A compose project named '{name}' already runs on this engine outside Portal; adopt it, or choose another name.")
                        : OperationFailedException.NameTaken("stack", name);
                }

                var team = await OwningTeam.ResolveAsync(actor, request.Team, teams, "stack", ct).ConfigureAwait(false);
                ctx.Team = team;
                _ = await stacks.CreateAsync(new Stack { EndpointId = engines.Current.Id, Name = name, Team = team, CreatedBy = actor.UserName }, revision, ct).ConfigureAwait(false)
                    ?? throw OperationFailedException.NameTaken("stack", name);
                ctx.Detail = "created, revision 1";
            }
            else if (!StackAccess.CanSee(actor, existing))
            {
                // Compose project names are engine-wide (the CLI shares them), so the clash cannot be hidden; whose it is can.
                throw OperationFailedException.NameTaken("stack", name);
            }
            else
            {
                StackAccess.Require(actor, existing, operate: true);
                ctx.Team = existing.Team;
                var saved = await stacks.AddRevisionAsync(existing.Id, revision, ct).ConfigureAwait(false);
                ctx.Detail = $"revision {saved.Number}";
            }

            return new StackSaveResult(await GetAsync(actor, name, ct).ConfigureAwait(false), []);
        }, cancellationToken);

    /// <summary>The stack's revisions, newest first.</summary>
    public async Task<IReadOnlyList<StackRevisionInfo>> RevisionsAsync(Actor actor, string name, CancellationToken cancellationToken)
    {
        var (stack, _) = await access.ResolveAsync(actor, name, cancellationToken).ConfigureAwait(false);
        if (stack is null)
        {
            return [];
        }

        var revisions = await stacks.RevisionsAsync(stack.Id, cancellationToken).ConfigureAwait(false);
        return [.. revisions.Select(r => new StackRevisionInfo(r.Number, r.CreatedBy, r.CreatedAt, r.Comment, StackAccess.Files(r), r.Env))];
    }

    /// <summary>Saves revision <paramref name="number"/>'s files again as the newest revision (deploy it with up).</summary>
    public async Task<StackSaveResult> RollBackAsync(Actor actor, string name, int number, CancellationToken cancellationToken)
    {
        var (stack, _) = await access.ResolveAsync(actor, name, cancellationToken).ConfigureAwait(false);
        if (stack is null)
        {
            throw OperationFailedException.Invalid($"Stack '{name}' has no files to roll back to.");
        }

        var old = await stacks.RevisionAsync(stack.Id, number, cancellationToken).ConfigureAwait(false)
            ?? throw OperationFailedException.NotFound("revision", number.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return await SaveAsync(actor, new SaveStackRequest { Name = name, Files = StackAccess.Files(old), Env = old.Env, Comment = $"rolled back to revision {number}" }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Admin only: takes a project made outside Portal into Portal for <paramref name="team"/>.</summary>
    public Task<StackSummary> AdoptAsync(Actor actor, string name, string team, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "stack.adopt", name, async (ctx, ct) =>
        {
            if (!actor.IsAdmin)
            {
                throw OperationFailedException.Forbidden("Only administrators adopt stacks.");
            }

            if (!await teams.ExistsAsync(team, ct).ConfigureAwait(false))
            {
                throw OperationFailedException.Invalid($"There is no team named '{team}'.");
            }

            if (!(await access.ProjectContainersAsync(ct).ConfigureAwait(false)).ContainsKey(name))
            {
                throw OperationFailedException.NotFound("compose project", name);
            }

            ctx.Team = team;
            var existing = await stacks.FindAsync(engines.Current.Id, name, ct).ConfigureAwait(false);
            if (existing is not null)
            {
                await stacks.SetTeamAsync(existing.Id, team, ct).ConfigureAwait(false);
            }
            else
            {
                await stacks.CreateAsync(new Stack { EndpointId = engines.Current.Id, Name = name, Team = team, Adopted = true, CreatedBy = actor.UserName }, null, ct).ConfigureAwait(false);
            }

            return (await access.ResolveAsync(actor, name, ct).ConfigureAwait(false)).Summary;
        }, cancellationToken);
}
