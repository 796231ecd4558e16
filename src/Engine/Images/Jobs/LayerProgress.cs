namespace Portal.Engine.Images.Jobs;

/// <summary>One layer of a pull or push: its phase as the engine words it, and bytes done of total when known.</summary>
/// <param name="Id">Short layer id as the engine reports it.</param>
/// <param name="Status">The engine's words: Waiting, Downloading, Extracting, Pull complete, Already exists, Pushed…</param>
/// <param name="Current">Bytes done in the current phase.</param>
/// <param name="Total">Bytes of the current phase, 0 when unknown.</param>
/// <param name="Done">True once the layer needs nothing more.</param>
public sealed record LayerProgress(string Id, string Status, long Current, long Total, bool Done)
{
    /// <summary>Percent of the current phase (100 when done, 0 when the size is unknown).</summary>
    public double Percent => Portal.Engine.Jobs.JobProgress.PercentOf(Current, Total, Done);
}
