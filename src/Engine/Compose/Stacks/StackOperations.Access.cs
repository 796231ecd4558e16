using System.Globalization;
using System.Text.Json;
using Portal.Data.Entities;
using Portal.Engine.Compose.Model;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Compose.Stacks;

public sealed partial class StackOperations
{
    /// <summary>The saved stack (null for an engine-only project) and its summary; not found when the actor may not see it.</summary>
    private async Task<(Stack? Stack, StackSummary Summary)> ResolveAsync(Actor actor, string name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var stack = await stacks.FindAsync(engine.EndpointId, name, ct).ConfigureAwait(false);
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

    private static bool CanSee(Actor actor, Stack stack) => stack.Team is null ? actor.IsAdmin : actor.CanSee(stack.Team);

    private static void Require(Actor actor, Stack? stack, bool operate)
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
    private async Task<Dictionary<string, List<StackContainer>>> ProjectContainersAsync(CancellationToken ct)
    {
        var rows = await stacks.ComposeContainersAsync(engine.EndpointId, ct).ConfigureAwait(false);
        var teamOf = (await stacks.ListAsync(engine.EndpointId, ct).ConfigureAwait(false)).ToDictionary(s => s.Name, s => s.Team, StringComparer.Ordinal);
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

    private static StackSummary Summarize(string name, string? team, StackSource source, List<StackContainer> containers, int revision, DateTime? updatedAt) =>
        new(name, team, source,
            containers.Count(c => c.State == "running"),
            containers.Count,
            containers.Count(c => c.Status.Contains("(unhealthy)", StringComparison.Ordinal)),
            containers.Count(c => c.State is "exited" or "dead"),
            [.. containers.Select(c => c.Service).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            revision, updatedAt);
}
