using System.Formats.Tar;
using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Engine.Access;
using Portal.Engine.Configuration;
using Portal.Engine.Docker;
using Portal.Engine.Labels;
using Portal.Engine.Logging;
using Portal.Engine.Pipeline;
using Portal.Engine.Resources;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Volumes;

/// <summary>Reads a volume's files for the browser and downloads, through a short-lived helper container that mounts it read-only.</summary>
public sealed class VolumeBrowser(VolumeAccess access, Engines engines, IOptions<EngineOptions> options, ILogger<VolumeBrowser> logger, VolumeResources resources)
{
    /// <summary>The browser reads at most this many tar entries of one folder.</summary>
    public const int MaxEntries = 10_000;

    private const string MountPath = "/volume";

    public async Task<VolumeListing> BrowseAsync(Actor actor, string name, string? path, CancellationToken cancellationToken)
    {
        var v = await access.ResolveAsync(actor, name, write: false, cancellationToken).ConfigureAwait(false);
        var relative = NormalizePath(path);
        return await WithHelperAsync(v, actor, async (helper, ct) =>
        {
            var archive = await GetArchiveAsync(helper, v.Name, relative, ct).ConfigureAwait(false);
            var stream = archive.Stream ?? throw OperationFailedException.NotFound("folder", relative);
            await using var _ = stream.ConfigureAwait(false);
            var reader = new TarReader(stream);
            var children = new Dictionary<string, VolumeEntry>(StringComparer.Ordinal);
            var count = 0;
            var truncated = false;
            while (await reader.GetNextEntryAsync(copyData: false, ct).ConfigureAwait(false) is { } entry)
            {
                if (++count > MaxEntries)
                {
                    truncated = true;
                    break;
                }

                // Entry names start with the archived folder's own name: "data/", "data/a.txt", "data/sub/b".
                var parts = entry.Name.TrimEnd('/').Split('/', 2);
                if (count == 1 && entry.EntryType != TarEntryType.Directory)
                {
                    throw OperationFailedException.Invalid($"'{relative}' is a file, not a folder; download it instead.");
                }

                if (parts.Length < 2)
                {
                    continue;
                }

                var inner = parts[1].Split('/', 2);
                var childPath = (relative == "/" ? "" : relative) + "/" + inner[0];
                if (inner.Length == 1)
                {
                    var size = children.TryGetValue(inner[0], out var existing) ? existing.Size : 0;
                    children[inner[0]] = new VolumeEntry(inner[0], childPath, KindOf(entry.EntryType), entry.EntryType == TarEntryType.Directory ? size : entry.Length,
                        entry.ModificationTime, string.IsNullOrEmpty(entry.LinkName) ? null : entry.LinkName);
                }
                else if (children.TryGetValue(inner[0], out var folder))
                {
                    children[inner[0]] = folder with { Size = folder.Size + (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile ? entry.Length : 0) };
                }
            }

            var entries = children.Values
                .OrderBy(e => e.Kind == VolumeEntryKind.Directory ? 0 : 1)
                .ThenBy(e => e.Name, StringComparer.Ordinal).ToList();
            return new VolumeListing(v.Name, relative, entries, truncated);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<VolumeDownload> DownloadAsync(Actor actor, string name, string? path, CancellationToken cancellationToken)
    {
        var v = await access.ResolveAsync(actor, name, write: false, cancellationToken).ConfigureAwait(false);
        var relative = NormalizePath(path);
        return await WithHelperAsync(v, actor, async (helper, ct) =>
        {
            var archive = await GetArchiveAsync(helper, v.Name, relative, ct).ConfigureAwait(false);
            var stream = archive.Stream ?? throw OperationFailedException.NotFound("file", relative);
            await using var _ = stream.ConfigureAwait(false);
            var temp = new FileStream(Path.Combine(Path.GetTempPath(), $"portal-download-{Guid.NewGuid():N}"), FileMode.CreateNew, FileAccess.ReadWrite,
                FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            try
            {
                var isFolder = archive.Stat is { } stat && IsDirectory(stat);
                string fileName;
                string contentType;
                if (isFolder)
                {
                    await stream.CopyToAsync(temp, ct).ConfigureAwait(false);
                    fileName = (relative == "/" ? v.Name : $"{v.Name}-{relative.Trim('/').Replace('/', '-')}") + ".tar";
                    contentType = "application/x-tar";
                }
                else
                {
                    var reader = new TarReader(stream);
                    var entry = await reader.GetNextEntryAsync(copyData: false, ct).ConfigureAwait(false)
                        ?? throw OperationFailedException.NotFound("file", relative);
                    if (entry.DataStream is { } data)
                    {
                        await data.CopyToAsync(temp, ct).ConfigureAwait(false);
                    }

                    fileName = entry.Name.Split('/')[^1];
                    contentType = "application/octet-stream";
                }

                temp.Position = 0;
                return new VolumeDownload(fileName, contentType, temp);
            }
            catch
            {
                await temp.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Turns a user path into one rooted at the volume, refusing any step outside it.</summary>
    public static string NormalizePath(string? path)
    {
        var segments = new List<string>();
        foreach (var segment in (path ?? "").Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == "..")
            {
                throw OperationFailedException.Invalid("Paths inside a volume cannot use '..'.");
            }

            if (segment != ".")
            {
                segments.Add(segment);
            }
        }

        return "/" + string.Join('/', segments);
    }

    private static bool IsDirectory(ContainerPathStatResponse stat) => ((uint)stat.Mode & 0x80000000u) != 0;

    private async Task<ContainerArchiveResponse> GetArchiveAsync(string helper, string volume, string relative, CancellationToken ct)
    {
        try
        {
            return await engines.Current.Client.Containers.GetArchiveFromContainerAsync(helper,
                new ContainerPathStatParameters { Path = MountPath + (relative == "/" ? "/" : relative) }, statOnly: false, ct).ConfigureAwait(false);
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            throw new OperationFailedException(OperationOutcome.NotFound, $"There is no '{relative}' in volume '{volume}'.");
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/> against a helper container that mounts the volume read-only
    /// and is never started, then removes it whatever happens. The user's own containers are
    /// never touched, and no code from the volume runs.
    /// </summary>
    private async Task<T> WithHelperAsync<T>(ResolvedVolume volume, Actor actor, Func<string, CancellationToken, Task<T>> body, CancellationToken cancellationToken)
    {
        var image = options.Value.HelperImage;
        string helper;
        try
        {
            helper = await resources.CreateHelperAsync(new CreateContainerParameters
            {
                Image = image,
                Cmd = ["true"],
                NetworkDisabled = true,
                Labels = new Dictionary<string, string> { [PortalLabels.Helper] = "true", [PortalLabels.Owner] = actor.UserName },
                HostConfig = new HostConfig { Binds = [$"{volume.Name}:{MountPath}:ro"], NetworkMode = "none" },
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            throw new OperationFailedException(OperationOutcome.EngineError,
                $"The helper image '{image}' that Portal uses to read volumes is not on this engine. An administrator must load it "
                + "(or point the Portal:HelperImage setting, PORTAL_HELPER_IMAGE, at a local image); Portal never pulls it.", ex);
        }

        try
        {
            return await body(helper, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                await resources.RemoveHelperAsync(helper).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Log.HelperRemovalFailed(logger, ex, new ShortId(helper));
            }
        }
    }

    private static VolumeEntryKind KindOf(TarEntryType type) => type switch
    {
        TarEntryType.Directory => VolumeEntryKind.Directory,
        TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile => VolumeEntryKind.File,
        TarEntryType.SymbolicLink or TarEntryType.HardLink => VolumeEntryKind.Link,
        _ => VolumeEntryKind.Other,
    };
}
