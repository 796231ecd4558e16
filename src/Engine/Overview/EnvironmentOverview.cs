using Portal.Engine.Docker;
using Portal.Engine.Events;

namespace Portal.Engine.Overview;

/// <summary>One environment at a glance, as one person may see it; built from memory and the catalog only.</summary>
/// <param name="Name">The environment's name.</param>
/// <param name="State">Connected, connecting or unavailable.</param>
/// <param name="Reason">Why it is not connected (null when connected).</param>
/// <param name="Since">When the state began (UTC).</param>
/// <param name="EngineVersion">Engine version (the last known one while unreachable).</param>
/// <param name="ApiVersion">API version Portal speaks with it (the last known one while unreachable).</param>
/// <param name="Running">Running containers the person may see there, from the catalog.</param>
/// <param name="Stopped">Other live containers the person may see there, from the catalog.</param>
/// <param name="Facts">CPUs, memory and data root from the last connect; null before the first.</param>
/// <param name="Usage">Current use by the person's visible running containers from the stats sampler; null when not sampled lately.</param>
/// <param name="Disk">Free and total bytes of the data root's filesystem; null when Portal cannot see it (see <paramref name="DiskNote"/>).</param>
/// <param name="DiskNote">Why the free disk is unknown, when it is.</param>
/// <param name="LastEvent">The last event its events stream delivered since Portal started.</param>
public sealed record EnvironmentOverview(
    string Name,
    EngineState State,
    string? Reason,
    DateTime Since,
    string? EngineVersion,
    string? ApiVersion,
    int Running,
    int Stopped,
    EngineFacts? Facts,
    EnvironmentUsage? Usage,
    (ulong Free, ulong Total)? Disk,
    string? DiskNote,
    EngineEventSeen? LastEvent)
{
    public bool IsConnected => State == EngineState.Connected;
}

/// <summary>
/// What the person's running containers on one environment use right now: the sum of their last stats samples.
/// </summary>
/// <param name="CpuPercent">Summed CPU in <c>docker stats</c> terms (100 = one full CPU).</param>
/// <param name="MemoryUsed">Summed memory in use, in bytes.</param>
/// <param name="Containers">How many containers the sums cover.</param>
/// <param name="SampledAt">When the sample was taken (UTC).</param>
public sealed record EnvironmentUsage(double CpuPercent, ulong MemoryUsed, int Containers, DateTime SampledAt);
