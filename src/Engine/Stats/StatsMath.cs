namespace Portal.Engine.Stats;

/// <summary>The arithmetic <c>docker stats</c> applies to raw counters.</summary>
internal static class StatsMath
{
    /// <summary>
    /// CPU % as the docker CLI computes it: container CPU time over system CPU time between two
    /// readings, times the online CPUs, times 100. Zero when a counter went backwards (restart).
    /// </summary>
    public static double CpuPercent(ulong previousCpu, ulong cpu, ulong previousSystem, ulong system, int onlineCpus)
    {
        if (cpu < previousCpu || system <= previousSystem)
        {
            return 0;
        }

        return (double)(cpu - previousCpu) / (system - previousSystem) * Math.Max(1, onlineCpus) * 100.0;
    }

    /// <summary>An unlimited cgroup reports a huge number; the engine shows the host's memory instead.</summary>
    public static ulong EffectiveLimit(ulong cgroupLimit, ulong hostMemory) =>
        hostMemory > 0 && cgroupLimit > hostMemory ? hostMemory : cgroupLimit;
}
