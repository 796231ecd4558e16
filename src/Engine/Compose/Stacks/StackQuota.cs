using Docker.DotNet;
using Portal.Engine.Compose.Model;
using Portal.Engine.Compose.Planning;
using Portal.Engine.Docker;
using Portal.Engine.Pipeline;
using Portal.Engine.Quotas;

namespace Portal.Engine.Compose.Stacks;

/// <summary>A stack's demand on its team's quota: what a plan adds, what starting stopped containers adds, and the team's lock while it is checked.</summary>
public sealed class StackQuota(QuotaGuard quota, Engines engines)
{
    /// <summary>The team's quota lock: held from the check until the change is made, so two changes cannot both pass on the same headroom.</summary>
    internal Task<IDisposable> EnterAsync(string? team, CancellationToken ct) => quota.EnterAsync(team, ct);

    /// <summary>
    /// Refuses an <c>up</c> or scale whose plan would take the team over its quota. The demand is what the plan
    /// adds net: containers created minus removed, the admitted limits of every container it starts minus those
    /// of running containers it replaces or removes, and the volumes it creates.
    /// </summary>
    internal async Task CheckQuotaAsync(string? team, ComposeProject project, StackPreparation prepared, CancellationToken ct)
    {
        var demand = await DemandAsync(prepared, ct).ConfigureAwait(false);
        try
        {
            await quota.CheckAsync(team, demand, ct).ConfigureAwait(false);
        }
        catch (OperationFailedException ex) when (ex.Rule is not null)
        {
            throw new OperationFailedException(ex.Outcome, $"Stack '{project.Name}' is refused, so nothing was deployed: {ex.Message}") { Rule = ex.Rule };
        }
    }

    /// <summary>
    /// Refuses a <c>start</c> (or restart) that would take the team over its quota: starting stopped containers adds
    /// their memory and CPU limits to the running total the quota counts (they already count as containers).
    /// </summary>
    internal async Task CheckStartQuotaAsync(string project, string? team, IEnumerable<global::Docker.DotNet.Models.ContainerListResponse> containers, CancellationToken ct)
    {
        if (team is null)
        {
            return;
        }

        var stopped = new List<(long Memory, long NanoCpus)>();
        foreach (var container in containers.Where(c => c.State is not ("running" or "restarting" or "paused")))
        {
            try
            {
                var inspect = await engines.Current.Client.Containers.InspectContainerAsync(container.ID, ct).ConfigureAwait(false);
                stopped.Add((inspect.HostConfig?.Memory ?? 0, inspect.HostConfig?.NanoCPUs ?? 0));
            }
            catch (DockerContainerNotFoundException)
            {
                // Removed meanwhile: it will not start.
            }
        }

        if (stopped.Count == 0)
        {
            return;
        }

        try
        {
            await quota.CheckAsync(team, StartDemand(stopped), ct).ConfigureAwait(false);
        }
        catch (OperationFailedException ex) when (ex.Rule is not null)
        {
            throw new OperationFailedException(ex.Outcome, $"Stack '{project}' is refused, so nothing was started: {ex.Message}") { Rule = ex.Rule };
        }
    }

    /// <summary>What starting stopped containers with these limits adds (pure): no new containers, their limits; one without a limit marks it unlimited.</summary>
    public static QuotaDemand StartDemand(IReadOnlyCollection<(long Memory, long NanoCpus)> stopped)
    {
        ArgumentNullException.ThrowIfNull(stopped);
        return new QuotaDemand(0, stopped.Sum(s => s.Memory), stopped.Sum(s => s.NanoCpus), 0,
            stopped.Any(s => s.Memory <= 0), stopped.Any(s => s.NanoCpus <= 0));
    }

    private async Task<QuotaDemand> DemandAsync(StackPreparation prepared, CancellationToken ct)
    {
        var stopping = prepared.Plan.Steps.Where(s => s.Object == PlanObject.Container && s.Action is PlanAction.Recreate or PlanAction.Remove);
        var (releasedMemory, releasedCpus) = await ReleasedLimitsAsync(stopping, ct).ConfigureAwait(false);
        return DemandOf(prepared.Plan, prepared.Admitted, releasedMemory, releasedCpus);
    }

    /// <summary>
    /// What <paramref name="plan"/> adds to the team's use (pure): containers created minus removed; the admitted
    /// limits of every container it starts (create, recreate, start) minus <paramref name="releasedMemory"/> and
    /// <paramref name="releasedNanoCpus"/> of the running ones it stops; the volumes it creates. A container it starts
    /// without a limit marks the demand unlimited, which a team with that quota refuses.
    /// </summary>
    public static QuotaDemand DemandOf(ComposePlan plan, IReadOnlyDictionary<string, Containers.ContainerSpec> admitted, long releasedMemory, long releasedNanoCpus)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(admitted);
        var containers = plan.Steps.Where(s => s.Object == PlanObject.Container).ToList();
        var starting = containers.Where(s => s.Action is PlanAction.Create or PlanAction.Recreate or PlanAction.Start)
            .Select(s => admitted[s.Service!]).ToList();
        return new QuotaDemand(
            containers.Count(s => s.Action == PlanAction.Create) - containers.Count(s => s.Action == PlanAction.Remove),
            starting.Sum(s => s.MemoryBytes) - releasedMemory,
            starting.Sum(s => s.NanoCpus) - releasedNanoCpus,
            plan.Steps.Count(s => s.Object == PlanObject.Volume && s.Action == PlanAction.Create),
            starting.Any(s => s.MemoryBytes <= 0),
            starting.Any(s => s.NanoCpus <= 0));
    }

    /// <summary>Memory and CPU limits of the running containers the plan stops: their share of the team's use is given back.</summary>
    private async Task<(long Memory, long NanoCpus)> ReleasedLimitsAsync(IEnumerable<PlanStep> steps, CancellationToken ct)
    {
        long memory = 0;
        long cpus = 0;
        foreach (var step in steps.Where(s => s.ExistingId is not null))
        {
            try
            {
                var inspect = await engines.Current.Client.Containers.InspectContainerAsync(step.ExistingId!, ct).ConfigureAwait(false);
                if (inspect.State?.Running == true)
                {
                    memory += inspect.HostConfig?.Memory ?? 0;
                    cpus += inspect.HostConfig?.NanoCPUs ?? 0;
                }
            }
            catch (DockerContainerNotFoundException)
            {
                // Gone already: it holds nothing.
            }
        }

        return (memory, cpus);
    }
}
