using System.Collections.Concurrent;
using System.Globalization;
using Docker.DotNet.Models;
using Portal.Data.Stores;
using ContainerSpec = Portal.Engine.Admission.ContainerSpec;
using Portal.Engine.Docker;
using Portal.Engine.Formatting;
using Portal.Engine.Labels;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Quotas;

/// <summary>
/// Measures a team's use on the engine and refuses what would take it over its quota. Use is read
/// from the engine at the moment of the check (containers and volumes by the team label; memory
/// and CPUs summed over running containers from inspect), and checks for one team are serialised
/// with <see cref="EnterAsync"/> so two runs cannot both take the last slot.
/// </summary>
public sealed class QuotaGuard(QuotaStore quotas, Engines engines)
{
    public const string Rule = "team-quota";

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    /// <summary>Holds the team's quota lock until disposed: check, create and start happen inside it.</summary>
    public async Task<IDisposable> EnterAsync(string? team, CancellationToken cancellationToken)
    {
        if (team is null)
        {
            return NoLock.Instance;
        }

        var gate = _locks.GetOrAdd(team, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(gate);
    }

    /// <summary>The team's use now.</summary>
    public async Task<TeamUsage> GetUsageAsync(string team, CancellationToken cancellationToken)
    {
        var client = engines.Current.Client;
        var filter = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{PortalLabels.Team}={team}"] = true } };
        var containers = await client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filter }, cancellationToken).ConfigureAwait(false);
        long memory = 0;
        long cpus = 0;
        var running = 0;
        foreach (var c in containers.Where(c => c.State is "running" or "restarting" or "paused"))
        {
            try
            {
                var inspect = await client.Containers.InspectContainerAsync(c.ID, cancellationToken).ConfigureAwait(false);
                running++;
                memory += inspect.HostConfig?.Memory ?? 0;
                cpus += inspect.HostConfig?.NanoCPUs ?? 0;
            }
            catch (global::Docker.DotNet.DockerContainerNotFoundException)
            {
                // Removed between list and inspect: it no longer counts.
            }
        }

        var volumes = await client.Volumes.ListAsync(new VolumesListParameters { Filters = filter }, cancellationToken).ConfigureAwait(false);
        return new TeamUsage(containers.Count, running, memory, cpus, volumes.Volumes?.Count ?? 0);
    }

    /// <summary>The demand of running <paramref name="specs"/> (run, compose up or scale): one container each, started with its limits.</summary>
    public static QuotaDemand DemandOf(IReadOnlyCollection<ContainerSpec> specs, int newVolumes) => new(
        specs.Count,
        specs.Sum(s => s.MemoryBytes),
        specs.Sum(s => s.NanoCpus),
        newVolumes,
        specs.Any(s => s.MemoryBytes <= 0),
        specs.Any(s => s.NanoCpus <= 0));

    /// <summary>Refuses <paramref name="demand"/> when it would take <paramref name="team"/> over a limit; compose calls this for up and scale with every service's specs.</summary>
    public async Task CheckAsync(string? team, QuotaDemand demand, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(demand);
        if (team is null)
        {
            return;
        }

        var limits = await quotas.GetAsync(team, cancellationToken).ConfigureAwait(false);
        if (limits is null || limits == QuotaLimits.Unlimited)
        {
            return;
        }

        var usage = await GetUsageAsync(team, cancellationToken).ConfigureAwait(false);
        Check(team, limits, usage, demand);
    }

    /// <summary>The decision alone, from known limits and use (pure, for tests).</summary>
    public static void Check(string team, QuotaLimits limits, TeamUsage usage, QuotaDemand demand)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentNullException.ThrowIfNull(demand);
        if (limits.MaxContainers is { } maxContainers && demand.Containers > 0 && usage.Containers + demand.Containers > maxContainers)
        {
            throw Refuse(team, "containers", usage.Containers.ToString(CultureInfo.InvariantCulture), maxContainers.ToString(CultureInfo.InvariantCulture), $"{demand.Containers} more");
        }

        if (limits.MaxMemoryBytes is { } maxMemory && (demand.MemoryBytes > 0 || demand.UnlimitedMemory))
        {
            if (demand.UnlimitedMemory)
            {
                throw new OperationFailedException(OperationOutcome.Forbidden,
                    $"Refused by rule '{Rule}': team '{team}' has a memory quota ({ByteSize.Exact(maxMemory)}), so every container it starts needs a memory limit.") { Rule = Rule };
            }

            if (usage.MemoryBytes + demand.MemoryBytes > maxMemory)
            {
                throw Refuse(team, "memory", ByteSize.Exact(usage.MemoryBytes), ByteSize.Exact(maxMemory), ByteSize.Exact(demand.MemoryBytes) + " more");
            }
        }

        if (limits.MaxNanoCpus is { } maxCpus && (demand.NanoCpus > 0 || demand.UnlimitedCpus))
        {
            if (demand.UnlimitedCpus)
            {
                throw new OperationFailedException(OperationOutcome.Forbidden,
                    $"Refused by rule '{Rule}': team '{team}' has a CPU quota ({Cpus(maxCpus)} CPUs), so every container it starts needs a CPU limit.") { Rule = Rule };
            }

            if (usage.NanoCpus + demand.NanoCpus > maxCpus)
            {
                throw Refuse(team, "CPUs", Cpus(usage.NanoCpus), Cpus(maxCpus), Cpus(demand.NanoCpus) + " more");
            }
        }

        if (limits.MaxVolumes is { } maxVolumes && demand.Volumes > 0 && usage.Volumes + demand.Volumes > maxVolumes)
        {
            throw Refuse(team, "volumes", usage.Volumes.ToString(CultureInfo.InvariantCulture), maxVolumes.ToString(CultureInfo.InvariantCulture), $"{demand.Volumes} more");
        }
    }

    private static OperationFailedException Refuse(string team, string what, string used, string limit, string needed) =>
        new(OperationOutcome.Forbidden, $"Refused by rule '{Rule}': team '{team}' uses {used} of {limit} {what}; this needs {needed}. An administrator may raise the team's quota.") { Rule = Rule };

    private static string Cpus(long nano) => (nano / 1e9).ToString("0.##", CultureInfo.InvariantCulture);

    private sealed class Releaser(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }

    private sealed class NoLock : IDisposable
    {
        public static NoLock Instance { get; } = new();

        public void Dispose()
        {
        }
    }
}
