namespace Portal.Engine.Quotas;

/// <summary>What a team holds on the engine now.</summary>
/// <param name="Containers">Containers carrying the team's label, in any state.</param>
/// <param name="RunningContainers">Those of them that are running (or restarting or paused).</param>
/// <param name="MemoryBytes">Sum of the memory limits of the running ones.</param>
/// <param name="NanoCpus">Sum of the CPU limits of the running ones.</param>
/// <param name="Volumes">Volumes carrying the team's label.</param>
public sealed record TeamUsage(int Containers, int RunningContainers, long MemoryBytes, long NanoCpus, int Volumes);
