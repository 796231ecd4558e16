namespace Portal.Engine.Stats;

/// <summary>The result of reading every running container once.</summary>
/// <param name="Time">When the pass started (UTC).</param>
/// <param name="Containers">Containers with a complete sample; a container seen for the first time has none yet (CPU % needs two readings).</param>
/// <param name="Pending">Running containers read for the first time in this pass, whose first sample comes with the next pass.</param>
public sealed record StatsPass(DateTime Time, IReadOnlyList<ContainerStats> Containers, int Pending)
{
    public static StatsPass Empty { get; } = new(DateTime.MinValue, [], 0);
}
