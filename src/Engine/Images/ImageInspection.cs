using Docker.DotNet.Models;
using Portal.Engine.Access;

namespace Portal.Engine.Images;

/// <summary>Turns the engine's inspect and history answers into <see cref="ImageDetails"/>.</summary>
internal static class ImageInspection
{
    public static ImageDetails ToDetails(ImageInspectResponse inspect, ResolvedImage image, IList<ImageHistoryResponse> history, IReadOnlyList<ContainerUse> uses)
    {
        var config = inspect.Config;
        return new ImageDetails
        {
            Summary = new ImageSummary(image.Id, image.Tags, inspect.Size, (inspect.Created ?? DateTime.UnixEpoch).ToUniversalTime(), uses.Count(u => u.Visible), uses.Any(u => u.Visible), image.Team),
            Digests = inspect.RepoDigests?.ToList() ?? [],
            Entrypoint = config?.Entrypoint?.ToList() ?? [],
            Command = config?.Cmd?.ToList() ?? [],
            Env = config?.Env?.ToList() ?? [],
            ExposedPorts = config?.ExposedPorts?.Keys.Order(StringComparer.Ordinal).ToList() ?? [],
            Labels = image.Labels,
            WorkingDir = config?.WorkingDir ?? "",
            User = config?.User ?? "",
            Architecture = inspect.Architecture ?? "",
            Os = inspect.Os ?? "",
            Author = inspect.Author ?? "",
            History = history.Select(h => new ImageHistoryEntry(
                string.IsNullOrEmpty(h.ID) ? "<missing>" : h.ID,
                h.Created.ToUniversalTime(),
                h.CreatedBy ?? "",
                h.Size,
                h.Comment ?? "")).ToList(),
        };
    }
}
