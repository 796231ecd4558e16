using Docker.DotNet.Models;
namespace Portal.Engine.Events;

/// <summary>
/// The image, network and volume parts of the catalog for <see cref="CatalogSync"/>: resynced together,
/// and each listed again (one engine call) when a batch of events touched its kind.
/// </summary>
public sealed class ObjectCatalogs(ImageCatalogSync images, NetworkCatalogSync networks, VolumeCatalogSync volumes, VolumeSizeRefresher volumeSizes)
{
    /// <summary>Lists images, networks and volumes again and writes the catalog to match; asks for fresh volume sizes.</summary>
    internal async Task ResyncAsync(CancellationToken cancellationToken)
    {
        await images.ResyncAsync(cancellationToken).ConfigureAwait(false);
        await networks.ResyncAsync(cancellationToken).ConfigureAwait(false);
        await volumes.ResyncAsync(cancellationToken).ConfigureAwait(false);
        // Sizes may have changed while Portal was away or the engine was gone.
        volumeSizes.Request();
    }

    /// <summary>
    /// Sorts one event: returns the object kind whose list it changes (None for a container event), and adds
    /// the container a container or network event names to <paramref name="containers"/> for re-listing.
    /// </summary>
    internal static ObjectKinds Classify(Message message, ISet<string> containers)
    {
        switch (message.Type)
        {
            case "image":
                // push and save read an image without changing what the engine holds.
                return message.Action is "push" or "save" ? ObjectKinds.None : ObjectKinds.Images;
            case "network":
                // connect and disconnect change the container's side (its networks); create and destroy the list.
                if (message.Actor?.Attributes?.TryGetValue("container", out var attached) == true && attached.Length > 0)
                {
                    containers.Add(attached);
                }

                return message.Action is "create" or "destroy" or "remove" ? ObjectKinds.Networks : ObjectKinds.None;
            case "volume":
                // mount and unmount come with every container start; only create and destroy change the list.
                return message.Action is "create" or "destroy" ? ObjectKinds.Volumes : ObjectKinds.None;
            default:
                if (message.Actor?.ID is { Length: > 0 } id && !message.Action.StartsWith("exec_", StringComparison.Ordinal))
                {
                    containers.Add(id);
                }

                return ObjectKinds.None;
        }
    }

    /// <summary>Lists again each kind in <paramref name="changed"/>.</summary>
    internal async Task ApplyAsync(ObjectKinds changed, CancellationToken cancellationToken)
    {
        if (changed.HasFlag(ObjectKinds.Images))
        {
            await images.ResyncAsync(cancellationToken).ConfigureAwait(false);
        }

        if (changed.HasFlag(ObjectKinds.Networks))
        {
            await networks.ResyncAsync(cancellationToken).ConfigureAwait(false);
        }

        if (changed.HasFlag(ObjectKinds.Volumes))
        {
            await volumes.ResyncAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>Kinds of engine objects whose catalog lists an event batch changed.</summary>
[Flags]
public enum ObjectKinds
{
    None = 0,
    Images = 1,
    Networks = 2,
    Volumes = 4,
}
