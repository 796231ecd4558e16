using Portal.Data.Stores;

namespace Portal.Engine.Quotas;

/// <summary>
/// What one team may hold on the engine; a null limit means unlimited. Memory and CPU limits
/// bound the sums of the limits of the team's running containers (CPU in billionths of a CPU).
/// </summary>
public sealed record TeamQuotaLimits(int? MaxContainers, long? MaxMemoryBytes, long? MaxNanoCpus, int? MaxVolumes)
{
    public static TeamQuotaLimits Unlimited { get; } = new(null, null, null, null);

    internal static TeamQuotaLimits From(QuotaLimits limits) => new(limits.MaxContainers, limits.MaxMemoryBytes, limits.MaxNanoCpus, limits.MaxVolumes);

    internal QuotaLimits ToStore() => new(MaxContainers, MaxMemoryBytes, MaxNanoCpus, MaxVolumes);
}
