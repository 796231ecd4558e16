using Docker.DotNet;
using Portal.Engine.Compose.Planning;
using Portal.Engine.Docker;
using Portal.Engine.Pipeline;
using Portal.Engine.Quotas;

namespace Portal.Engine.Compose.Stacks;

/// <summary>A stack's demand on its team's quota (what a plan adds, what starting stopped containers adds), for the runner to check.</summary>
public sealed class StackQuota(Engines engines)
{
    /// <summary>How a quota refusal of a deploy is told: nothing was deployed.</summary>
    internal static Func<OperationFailedException, Exception> NothingDeployed(string project) =>
        ex => new OperationFailedException(ex.Outcome, $"Stack '{project}' is refused, so nothing was deployed: {ex.Message}") { Rule = ex.Rule };

    /// <summary>How a quota refusal of a start is told: nothing was started.</summary>
    internal static Func<OperationFailedException, Exception> NothingStarted(string project) =>
        ex => new OperationFailedException(ex.Outcome, $"Stack '{project}' is refused, so nothing was started: {ex.Message}") { Rule = ex.Rule };

    /// <summary>
    /// What starting the stopped ones of <paramref name="containers"/> (start, or restart) adds: their memory and CPU
    /// limits join the running total the quota counts (they already count as containers). Null when none is stopped.
    /// </summary>
    internal async Task<QuotaDemand?> StartDemandAsync(IEnumerable<global::Docker.DotNet.Models.ContainerListResponse> containers, CancellationToken ct)
    {
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

        return stopped.Count == 0 ? null : StartDemand(stopped);
    }

    /// <summary>What starting stopped containers with these limits adds (pure): no new containers, their limits; one without a limit marks it unlimited.</summary>
    public static QuotaDemand StartDemand(IReadOnlyCollection<(long Memory, long NanoCpus)> stopped)
    {
        ArgumentNullException.ThrowIfNull(stopped);
        return new QuotaDemand(0, stopped.Sum(s => s.Memory), stopped.Sum(s => s.NanoCpus), 0,
            stopped.Any(s => s.Memory <= 0), stopped.Any(s => s.NanoCpus <= 0));
    }

    /// <summary>
    /// What an <c>up</c> or scale adds net: containers created minus removed, the admitted limits of every container it
    /// starts minus those of running containers it replaces or removes, and the volumes it creates.
    /// </summary>
    internal async Task<QuotaDemand> DemandAsync(StackPreparation prepared, CancellationToken ct)
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
    public static QuotaDemand DemandOf(ComposePlan plan, IReadOnlyDictionary<string, Admission.ContainerSpec> admitted, long releasedMemory, long releasedNanoCpus)
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
