namespace Portal.Engine.Stats;

/// <summary>Stats settings (<c>Portal:Stats</c> in appsettings).</summary>
public sealed class StatsOptions
{
    /// <summary>
    /// When true the sampler runs from start-up with nobody looking, so every running container's
    /// last 15 minutes are at hand when a chart opens; off by default, sampling then runs only while watched.
    /// </summary>
    public bool KeepHistory { get; set; }
}
