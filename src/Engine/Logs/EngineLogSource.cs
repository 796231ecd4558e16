using Docker.DotNet;
using Microsoft.Extensions.Options;
using Portal.Engine.Docker;

namespace Portal.Engine.Logs;

/// <summary>The broker's follow-streams read from the engine API.</summary>
public sealed class EngineLogSource(Engines engines, IOptions<LogOptions> options, TimeProvider time) : ILogSource
{
    public IAsyncEnumerable<IReadOnlyList<LogLine>> FollowAsync(string containerId, int tail, DateTimeOffset? since, CancellationToken cancellationToken) =>
        LogReader.ReadAsync(engines.Current.Client, containerId, new LogQuery { Follow = true, Tail = since is null ? tail : null, Since = since },
            options.Value.MaxLineBytes, cancellationToken);

    public async Task<bool> WaitUntilRunningAsync(string containerId, CancellationToken cancellationToken)
    {
        // Polling one inspect a second per watched, stopped container is cheaper to get right than
        // sharing the events stream, and the restart shows within a second.
        var engine = engines.Current;
        var connection = engine.Connection;
        while (true)
        {
            try
            {
                var inspect = await engine.Client.Containers.InspectContainerAsync(containerId, cancellationToken).ConfigureAwait(false);
                if (inspect.State?.Running == true)
                {
                    return true;
                }
            }
            catch (DockerContainerNotFoundException)
            {
                return false;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Engine away for a moment: keep waiting, the connection reports it.
            }

            await PauseAsync(connection, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One poll interval, cut short when the engine comes back: a container restarted with its engine
    /// is running by the time the engine answers, and its viewers should not wait out the interval.
    /// </summary>
    private async Task PauseAsync(EngineConnection connection, CancellationToken cancellationToken)
    {
        if (connection.Status.IsConnected)
        {
            await Task.Delay(options.Value.RestartPollInterval, time, cancellationToken).ConfigureAwait(false);
            return;
        }

        var back = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnStatus(EngineStatus status)
        {
            if (status.IsConnected)
            {
                back.TrySetResult();
            }
        }

        connection.StatusChanged += OnStatus;
        try
        {
            if (!connection.Status.IsConnected)
            {
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                await Task.WhenAny(back.Task, Task.Delay(options.Value.RestartPollInterval, time, stop.Token)).ConfigureAwait(false);
                await stop.CancelAsync().ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            connection.StatusChanged -= OnStatus;
        }
    }
}
