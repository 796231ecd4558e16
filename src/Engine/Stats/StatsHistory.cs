namespace Portal.Engine.Stats;

/// <summary>The kept samples of one container: the newest <see cref="BoundedRing{T}.Capacity"/>, older ones overwritten.</summary>
public sealed class StatsHistory(int capacity) : BoundedRing<StatsSample>(capacity);
