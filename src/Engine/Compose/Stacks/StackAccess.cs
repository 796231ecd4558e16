using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.Engine.Compose.Loading;
using Portal.Engine.Compose.Model;
using Portal.Engine.Configuration;
using Portal.Engine.Docker;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Compose.Stacks;

/// <summary>
/// What every stack class shares: finding a stack as the actor may see it, the right to change it, its
/// containers from the catalog, and loading its files into a project. Changes nothing.
/// </summary>
public sealed class StackAccess(StackStore stacks, Engines engines, IComposeLoader loader, IOptions<EngineOptions> engineOptions)
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    /// <summary>The saved stack (null for an engine-only project) and its summary; not found when the actor may not see it.</summary>
    internal async Task<(Stack? Stack, StackSummary Summary)> ResolveAsync(Actor actor, string name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var stack = await stacks.FindAsync(engines.Current.Id, name, ct).ConfigureAwait(false);
        var containers = (await ProjectContainersAsync(ct).ConfigureAwait(false)).GetValueOrDefault(name);
        if (stack is not null && CanSee(actor, stack))
        {
            var revision = await stacks.RevisionAsync(stack.Id, null, ct).ConfigureAwait(false);
            return (stack, Summarize(name, stack.Team, stack.Adopted ? StackSource.Adopted : StackSource.Portal, containers ?? [], revision?.Number ?? 0, stack.UpdatedAt));
        }

        // Another team's stack and a CLI project are the same to a non-admin: not there.
        if (stack is null && containers is not null && actor.IsAdmin)
        {
            return (null, Summarize(name, null, StackSource.Engine, containers, 0, null));
        }

        throw OperationFailedException.NotFound("stack", name);
    }

    /// <summary>
    /// Throws unless the actor may change the stack: not found when it may not see it, forbidden when it
    /// may only look. Callers that hand the work to a job check this first, so a refusal is the answer, not a failed job.
    /// Returns the stack's team (null for a project made outside Portal), which such a job carries.
    /// </summary>
    public async Task<string?> EnsureCanChangeAsync(Actor actor, string name, CancellationToken cancellationToken)
    {
        var (stack, _) = await ResolveAsync(actor, name, cancellationToken).ConfigureAwait(false);
        Require(actor, stack, operate: true);
        return stack?.Team;
    }

    internal static bool CanSee(Actor actor, Stack stack) => stack.Team is null ? actor.IsAdmin : actor.CanSee(stack.Team);

    internal static void Require(Actor actor, Stack? stack, bool operate)
    {
        var team = stack?.Team;
        var allowed = team is null ? actor.IsAdmin && !actor.ReadOnly : operate ? actor.CanOperate(team) : actor.CanSee(team);
        if (!allowed)
        {
            throw OperationFailedException.Forbidden($"You cannot change stacks of team '{team}'.");
        }
    }

    /// <summary>
    /// Live containers by compose project, from the catalog. A saved stack's project holds only containers of
    /// the stack's team or of none (made outside Portal): a container another team labelled into the project
    /// is neither listed nor counted, so a stack's numbers never tell its team about another team's containers.
    /// </summary>
    internal async Task<Dictionary<string, List<StackContainer>>> ProjectContainersAsync(CancellationToken ct)
    {
        var rows = await stacks.ComposeContainersAsync(engines.Current.Id, ct).ConfigureAwait(false);
        var teamOf = (await stacks.ListAsync(engines.Current.Id, ct).ConfigureAwait(false)).ToDictionary(s => s.Name, s => s.Team, StringComparer.Ordinal);
        var result = new Dictionary<string, List<StackContainer>>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var labels = JsonSerializer.Deserialize<Dictionary<string, string>>(row.LabelsJson) ?? [];
            if (!labels.TryGetValue(ComposeLabels.Project, out var project) || labels.GetValueOrDefault(ComposeLabels.Oneoff) == "True"
                || (row.Team is not null && teamOf.TryGetValue(project, out var team) && !string.Equals(team, row.Team, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (!result.TryGetValue(project, out var list))
            {
                result[project] = list = [];
            }

            _ = int.TryParse(labels.GetValueOrDefault(ComposeLabels.ContainerNumber), NumberStyles.None, CultureInfo.InvariantCulture, out var number);
            list.Add(new StackContainer(row.ContainerId, row.Name, labels.GetValueOrDefault(ComposeLabels.Service) ?? "", number, row.State,
                row.Status.Replace("{duration}", "", StringComparison.Ordinal).Trim()));
        }

        return result;
    }

    /// <summary>A stack of the current environment as lists show it.</summary>
    internal StackSummary Summarize(string name, string? team, StackSource source, List<StackContainer> containers, int revision, DateTime? updatedAt) =>
        new(name, team, source,
            containers.Count(c => c.State == "running"),
            containers.Count,
            containers.Count(c => c.Status.Contains("(unhealthy)", StringComparison.Ordinal)),
            containers.Count(c => c.State is "exited" or "dead"),
            [.. containers.Select(c => c.Service).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            revision, updatedAt, engines.Current.Name);

    /// <summary>Checks files with the loader and the model binder without saving; returns the located errors.</summary>
    public IReadOnlyList<ComposeError> Validate(string name, IReadOnlyList<ComposeFile> files, string env)
    {
        ArgumentNullException.ThrowIfNull(files);
        var fileErrors = StackFiles.Check(files, env, engineOptions.Value.MaxStackFileBytes, engineOptions.Value.MaxStackBytes);
        if (fileErrors.Count > 0)
        {
            return fileErrors;
        }

        var (_, errors) = Load(name, files, env);
        return errors;
    }

    /// <summary>The saved stack's latest files loaded into a project; invalid for an adopted or engine-only project, forbidden per <paramref name="operate"/>.</summary>
    internal async Task<(ComposeProject Project, Stack Stack, StackFileSource Files, IReadOnlyList<string> Paths)> LoadStackAsync(Actor actor, string name, bool operate, CancellationToken ct)
    {
        var (stack, _) = await ResolveAsync(actor, name, ct).ConfigureAwait(false);
        if (stack is null || stack.Adopted)
        {
            throw OperationFailedException.Invalid($"Stack '{name}' has no compose files in Portal (it was made outside Portal); save its files first.");
        }

        Require(actor, stack, operate);
        var revision = await stacks.RevisionAsync(stack.Id, null, ct).ConfigureAwait(false)
            ?? throw OperationFailedException.Invalid($"Stack '{name}' has no files.");
        var (project, source, paths) = LoadFiles(name, Files(revision), revision.Env, "The stack's files do not load");
        return (project, stack, source, paths);
    }

    /// <summary>Files to a project ready to plan: loaded, relative binds resolved under the stack's folder; invalid files throw with every located error.</summary>
    internal (ComposeProject Project, StackFileSource Files, IReadOnlyList<string> Paths) LoadFiles(string name, IReadOnlyList<ComposeFile> files, string env, string failure)
    {
        var fileErrors = StackFiles.Check(files, env, engineOptions.Value.MaxStackFileBytes, engineOptions.Value.MaxStackBytes);
        var (project, errors) = fileErrors.Count > 0 ? (null, fileErrors) : Load(name, files, env);
        var paths = files.Where(StackFiles.IsMerged).Select(f => $"{WorkingDir(name)}/{f.Name}").ToList();
        return project is not null ? (StackFolder.ResolveBinds(project, WorkingDir(name)), new StackFileSource(files, env), paths)
            : throw OperationFailedException.Invalid($"{failure}:\n{string.Join('\n', errors)}");
    }

    /// <summary>The stack's host folder (<see cref="StackFolder"/>); the compose labels name it as the working directory.</summary>
    internal string WorkingDir(string name) => StackFolder.Of(engineOptions.Value.StacksFolder, name);

    internal static List<ComposeFile> Files(StackRevision revision) =>
        JsonSerializer.Deserialize<List<ComposeFile>>(revision.FilesJson, s_json) ?? [];

    internal static string Serialize(IReadOnlyList<ComposeFile> files) => JsonSerializer.Serialize(files, s_json);

    private (ComposeProject? Project, IReadOnlyList<ComposeError> Errors) Load(string name, IReadOnlyList<ComposeFile> files, string env)
    {
        // Other files (a Dockerfile, scripts) are kept with the stack as build context, not read as compose files.
        var composeFiles = files.Where(StackFiles.IsMerged).ToList();
        if (composeFiles.Count == 0)
        {
            return (null, [new ComposeError("", 0, 0, "", "A stack needs at least one compose file (.yaml, .yml or .json).")]);
        }

        var result = loader.Load(new ComposeLoadRequest(composeFiles, new StackFileSource(files, env), ProjectName: name));
        if (!result.Succeeded)
        {
            return (null, result.Errors);
        }

        try
        {
            return (ComposeModelBinder.Bind(result.Document!, name), []);
        }
        catch (OperationFailedException ex)
        {
            return (null, [new ComposeError(composeFiles[0].Name, 0, 0, "", ex.Message)]);
        }
    }
}
