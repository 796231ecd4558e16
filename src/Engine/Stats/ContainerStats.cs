namespace Portal.Engine.Stats;

/// <summary>The latest reading of one running container.</summary>
/// <param name="Id">Full container id.</param>
/// <param name="Name">Container name without the leading slash.</param>
/// <param name="Source">Where the figures came from: <c>cgroup</c> files or the engine <c>api</c>.</param>
/// <param name="Sample">The figures.</param>
public sealed record ContainerStats(string Id, string Name, string Source, StatsSample Sample);
