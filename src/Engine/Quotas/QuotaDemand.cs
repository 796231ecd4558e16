namespace Portal.Engine.Quotas;

/// <summary>What an operation adds to a team's use: new containers, and the limits of those it will start.</summary>
public sealed record QuotaDemand(int Containers, long MemoryBytes, long NanoCpus, int Volumes, bool UnlimitedMemory = false, bool UnlimitedCpus = false);
