namespace Portal.Engine.Logs;

/// <summary>Where the broker's follow-streams come from: the engine, or a fake in tests.</summary>
public interface ILogSource
{
    /// <summary>Follows <paramref name="containerId"/>'s log from <paramref name="since"/> (or its last <paramref name="tail"/> lines) until the container stops.</summary>
    IAsyncEnumerable<IReadOnlyList<LogLine>> FollowAsync(string containerId, int tail, DateTimeOffset? since, CancellationToken cancellationToken);

    /// <summary>Waits until the container runs again; false when it no longer exists.</summary>
    Task<bool> WaitUntilRunningAsync(string containerId, CancellationToken cancellationToken);
}
