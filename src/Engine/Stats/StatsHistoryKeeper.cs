using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Portal.Engine.Stats;

/// <summary>
/// Holds one subscription to the local environment's <see cref="StatsSampler"/> for the host's lifetime when
/// <see cref="StatsOptions.KeepHistory"/> is set, so the history is kept with no viewer; does nothing otherwise.
/// </summary>
public sealed class StatsHistoryKeeper(StatsSamplers samplers, IOptions<StatsOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.KeepHistory)
        {
            return;
        }

        using var subscription = samplers.Local.Subscribe();
        try
        {
            // The passes themselves are not needed (the sampler records history); the queue is drained so it stays small.
            await foreach (var _ in subscription.Passes.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
