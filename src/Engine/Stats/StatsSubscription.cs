using System.Threading.Channels;

namespace Portal.Engine.Stats;

/// <summary>
/// One subscriber's feed of sampler passes. While at least one subscription is open the sampler
/// reads every second; disposing the last one stops it.
/// </summary>
/// <remarks>The feed holds at most a few passes; a reader that falls behind loses the oldest, never grows memory.</remarks>
public sealed class StatsSubscription : IDisposable
{
    private readonly StatsSampler _sampler;
    private readonly Channel<StatsPass> _channel;
    private int _disposed;

    internal StatsSubscription(StatsSampler sampler, Channel<StatsPass> channel)
    {
        _sampler = sampler;
        _channel = channel;
    }

    public ChannelReader<StatsPass> Passes => _channel.Reader;

    internal ChannelWriter<StatsPass> Writer => _channel.Writer;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _sampler.Unsubscribe(this);
            _channel.Writer.TryComplete();
        }
    }
}
