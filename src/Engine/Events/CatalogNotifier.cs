namespace Portal.Engine.Events;

/// <summary>Tells listeners that the catalog changed; pages throttle their refresh on it.</summary>
public sealed class CatalogNotifier
{
    /// <summary>Raised after catalog writes, on a background thread; handlers must be quick.</summary>
    public event Action? ContainersChanged;

    /// <summary>Raised after image rows changed, on a background thread; handlers must be quick.</summary>
    public event Action? ImagesChanged;

    /// <summary>Raised after network rows changed, on a background thread; handlers must be quick.</summary>
    public event Action? NetworksChanged;

    /// <summary>Raised after volume rows (or their sizes) changed, on a background thread; handlers must be quick.</summary>
    public event Action? VolumesChanged;

    public void NotifyContainersChanged() => ContainersChanged?.Invoke();

    public void NotifyImagesChanged() => ImagesChanged?.Invoke();

    public void NotifyNetworksChanged() => NetworksChanged?.Invoke();

    public void NotifyVolumesChanged() => VolumesChanged?.Invoke();
}
