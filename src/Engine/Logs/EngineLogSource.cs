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
        while (true)
        {
            try
            {
                var inspect = await engines.Current.Client.Containers.InspectContainerAsync(containerId, cancellationToken).ConfigureAwait(false);
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

            await Task.Delay(options.Value.RestartPollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
