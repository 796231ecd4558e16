using Portal.Engine.Docker;

namespace Portal.Engine.Events;

/// <summary>Tells listeners that the catalog changed; pages throttle their refresh on it.</summary>
/// <remarks>
/// Every notice names the environment whose rows changed (<see cref="Changed"/>), so a listener that
/// shows one environment (a stats sampler, a page) ignores the others'; the per-kind events without an
/// environment remain for listeners that refresh whatever they show.
/// </remarks>
public sealed class CatalogNotifier(Engines engines)
{
    /// <summary>Raised after catalog writes, on a background thread; handlers must be quick.</summary>
    public event Action? ContainersChanged;

    /// <summary>Raised after image rows changed, on a background thread; handlers must be quick.</summary>
    public event Action? ImagesChanged;

    /// <summary>Raised after network rows changed, on a background thread; handlers must be quick.</summary>
    public event Action? NetworksChanged;

    /// <summary>Raised after volume rows (or their sizes) changed, on a background thread; handlers must be quick.</summary>
    public event Action? VolumesChanged;

    /// <summary>Raised after any catalog write, naming the environment and the kind of rows; handlers must be quick.</summary>
    public event Action<CatalogChange>? Changed;

    // Writers run inside the scope of the environment they write (its supervisor, an operation under it).
    public void NotifyContainersChanged() => Notify(CatalogKind.Containers, ContainersChanged);

    public void NotifyImagesChanged() => Notify(CatalogKind.Images, ImagesChanged);

    public void NotifyNetworksChanged() => Notify(CatalogKind.Networks, NetworksChanged);

    public void NotifyVolumesChanged() => Notify(CatalogKind.Volumes, VolumesChanged);

    private void Notify(CatalogKind kind, Action? ofKind)
    {
        Changed?.Invoke(new CatalogChange(engines.Current.Id, kind));
        ofKind?.Invoke();
    }
}
