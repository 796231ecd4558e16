using Portal.Engine.Events;

namespace Portal.Web.Streaming;

/// <summary>
/// A page's live view of container state: the reload runs when the catalog (fed by engine events) records a change,
/// at most twice a second, so a Deploy or a Down shows each container's new state without the person reloading.
/// Dispose it with the page.
/// </summary>
public sealed class ContainerChangeSubscription : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private readonly CatalogNotifier _notifier;
    private readonly CallbackThrottler _throttler;

    /// <summary>Subscribes; the reload runs on the thread pool, so it marshals to the renderer with <c>InvokeAsync</c>.</summary>
    public ContainerChangeSubscription(CatalogNotifier notifier, Func<CancellationToken, Task> reload, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(notifier);
        _notifier = notifier;
        _throttler = new CallbackThrottler(reload, Interval, time, logger);
        _notifier.ContainersChanged += Signal;
    }

    private void Signal() => _throttler.Signal();

    public void Dispose()
    {
        _notifier.ContainersChanged -= Signal;
        _throttler.Dispose();
    }
}
