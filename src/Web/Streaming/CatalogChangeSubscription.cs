using Portal.Engine.Events;
using Portal.Web.Model;

namespace Portal.Web.Streaming;

/// <summary>
/// A page's live view of the catalog: the reload runs when rows of the kinds it shows change in the environment it
/// shows (every environment while it lists "all my environments"), at most twice a second, so a Deploy or a Down
/// shows each object's new state without the person reloading — and another environment's churn costs it nothing.
/// Dispose it with the page.
/// </summary>
public sealed class CatalogChangeSubscription : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private readonly CatalogNotifier _notifier;
    private readonly CurrentEnvironment _environment;
    private readonly IReadOnlySet<CatalogKind> _kinds;
    private readonly Func<bool> _everywhere;
    private readonly CallbackThrottler _throttler;

    /// <summary>
    /// Subscribes to changes of <paramref name="kinds"/>; the reload runs on the thread pool, so it marshals to the
    /// renderer with <c>InvokeAsync</c>. <paramref name="everywhere"/> answers true while the page shows every
    /// environment the person may use.
    /// </summary>
    public CatalogChangeSubscription(
        CatalogNotifier notifier,
        CurrentEnvironment environment,
        IReadOnlySet<CatalogKind> kinds,
        Func<bool>? everywhere,
        Func<CancellationToken, Task> reload,
        TimeProvider time,
        ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(notifier);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(kinds);
        _notifier = notifier;
        _environment = environment;
        _kinds = kinds;
        _everywhere = everywhere ?? (() => false);
        _throttler = new CallbackThrottler(reload, Interval, time, logger);
        _notifier.Changed += Signal;
    }

    public static readonly IReadOnlySet<CatalogKind> Containers = new HashSet<CatalogKind> { CatalogKind.Containers };

    /// <summary>Images and the containers that use them (their counts move with containers).</summary>
    public static readonly IReadOnlySet<CatalogKind> ImagesAndContainers = new HashSet<CatalogKind> { CatalogKind.Images, CatalogKind.Containers };

    /// <summary>True when <paramref name="change"/> is one the page shows.</summary>
    internal bool Concerns(CatalogChange change) =>
        _kinds.Contains(change.Kind) && (_everywhere() || _environment.Engine?.Id == change.EnvironmentId);

    private void Signal(CatalogChange change)
    {
        if (Concerns(change))
        {
            _throttler.Signal();
        }
    }

    public void Dispose()
    {
        _notifier.Changed -= Signal;
        _throttler.Dispose();
    }
}
