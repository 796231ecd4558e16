using System.Globalization;
using System.Text.Json;
using Portal.Engine.Docker;
using Portal.Engine.Labels;
using Portal.Engine.Networks;
using Portal.Engine.Pipeline;
using Portal.Engine.Resources;
using Portal.Engine.Runner;
using Portal.Engine.Volumes;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.DiskUsage;

/// <summary>Disk usage from the engine's report, filtered by team; prunes through the pipeline.</summary>
public sealed class DiskUsageOperations(
    OperationRunner runner,
    ContainerResources containers,
    ImageResources images,
    EngineDiskUsage diskUsage,
    EngineHttp http,
    IVolumeOperations volumes,
    INetworkOperations networks) : IDiskUsageOperations
{
    public async Task<DiskUsageReport> GetAsync(Actor actor, CancellationToken cancellationToken)
    {
        var df = await diskUsage.ReadAsync(cancellationToken).ConfigureAwait(false);
        return Summarize(actor, df);
    }

    /// <summary>Builds the report from the engine's data (pure, for unit tests).</summary>
    public static DiskUsageReport Summarize(Actor actor, DiskUsageData df)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(df);
        bool Visible(DiskUsageItem item) => actor.IsAdmin || actor.CanSee(item.Labels.TryGetValue(PortalLabels.Team, out var t) ? t : null);
        var categories = new List<DiskUsageCategory>();
        if (actor.IsAdmin)
        {
            // Images share layers: the engine's LayersSize is the true total, and only unused images' own bytes come back.
            var reclaimableImages = df.Images.Where(i => !i.Active).Sum(i => Math.Max(0, i.Size - Math.Max(0, i.SharedSize)));
            categories.Add(new("Images", df.Images.Count, df.Images.Count(i => i.Active), df.LayersSize, reclaimableImages, PruneScope.Images));
        }

        var containers = df.Containers.Where(Visible).ToList();
        categories.Add(new("Containers", containers.Count, containers.Count(c => c.Active), containers.Sum(c => Math.Max(0, c.Size)),
            containers.Where(c => !c.Active).Sum(c => Math.Max(0, c.Size)), PruneScope.Containers));
        // A non-admin's volume counts as used only by containers they may see: whether another team's (or
        // the CLI's) container mounts it is not theirs to learn. Admins get the engine's reference count.
        var mounted = containers.SelectMany(c => c.Volumes).ToHashSet(StringComparer.Ordinal);
        var vols = df.Volumes.Where(Visible).Select(v => actor.IsAdmin ? v : v with { Active = mounted.Contains(v.Id) }).ToList();
        categories.Add(new("Local volumes", vols.Count, vols.Count(v => v.Active), vols.Sum(v => Math.Max(0, v.Size)),
            vols.Where(v => !v.Active).Sum(v => Math.Max(0, v.Size)), PruneScope.Volumes));
        if (actor.IsAdmin)
        {
            categories.Add(new("Build cache", df.BuildCache.Count, df.BuildCache.Count(b => b.Active), df.BuildCache.Sum(b => Math.Max(0, b.Size)),
                df.BuildCache.Where(b => !b.Active).Sum(b => Math.Max(0, b.Size)), PruneScope.BuildCache));
        }

        return new DiskUsageReport(categories, AllowedPrunes(actor));
    }

    public static IReadOnlyList<PruneScope> AllowedPrunes(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.ReadOnly || (!actor.IsAdmin && !actor.OperableTeams.Any()))
        {
            return [];
        }

        return actor.IsAdmin
            ? Enum.GetValues<PruneScope>()
            : [PruneScope.Containers, PruneScope.Volumes, PruneScope.Networks];
    }

    public Task<PruneResult> PruneAsync(Actor actor, PruneScope scope, CancellationToken cancellationToken) => scope switch
    {
        PruneScope.Volumes => volumes.PruneAsync(actor, cancellationToken),
        PruneScope.Networks => networks.PruneAsync(actor, cancellationToken),
        _ => runner.RunAsync(actor, new OperationDeclaration("system.prune", TargetKind.System, scope.ToString().ToLowerInvariant())
        {
            Access = (_, _) => Task.FromResult(new OperationTarget(scope.ToString().ToLowerInvariant(), null)),
        }, async (op, ct) =>
        {
            var ctx = op.Context;
            if (!AllowedPrunes(actor).Contains(scope))
            {
                throw OperationFailedException.Forbidden($"Pruning {scope.ToString().ToLowerInvariant()} is reserved for administrators.");
            }

            var result = scope switch
            {
                PruneScope.Containers => await PruneContainersAsync(op, ct).ConfigureAwait(false),
                PruneScope.Images => await PruneImagesAsync(op, ct).ConfigureAwait(false),
                _ => await PruneBuildCacheAsync(ct).ConfigureAwait(false),
            };
            ctx.Detail = $"removed {result.Removed.Count.ToString(CultureInfo.InvariantCulture)}; reclaimed {result.SpaceReclaimed.ToString(CultureInfo.InvariantCulture)} bytes";
            return result;
        }, cancellationToken),
    };

    private async Task<PruneResult> PruneContainersAsync(AdmittedOperation op, CancellationToken ct)
    {
        var actor = op.Actor;
        var removed = new List<string>();
        long reclaimed = 0;
        foreach (var filter in NetworkOperations.PruneFilters(actor))
        {
            // Portal's own container is never pruned, whoever asks: the resource layer excludes it.
            var result = await containers.PruneAsync(op, filter ?? new Dictionary<string, IDictionary<string, bool>>(), ct).ConfigureAwait(false);
            removed.AddRange(result.ContainersDeleted ?? []);
            reclaimed += (long)result.SpaceReclaimed;
        }

        return new PruneResult(removed, reclaimed);
    }

    private async Task<PruneResult> PruneImagesAsync(AdmittedOperation op, CancellationToken ct)
    {
        var result = await images.PruneAsync(op, null, ct).ConfigureAwait(false);
        return new PruneResult(result.ImagesDeleted?.Select(i => i.Deleted ?? i.Untagged ?? "").Where(s => s.Length > 0).ToList() ?? [], (long)result.SpaceReclaimed);
    }

    private async Task<PruneResult> PruneBuildCacheAsync(CancellationToken ct)
    {
        // Docker.DotNet has no build-cache prune; the endpoint is plain JSON.
        using var doc = await http.SendAsync(HttpMethod.Post, "/build/prune", ct).ConfigureAwait(false);
        var root = doc.RootElement;
        var removed = root.TryGetProperty("CachesDeleted", out var c) && c.ValueKind == JsonValueKind.Array
            ? c.EnumerateArray().Select(e => e.GetString() ?? "").ToList()
            : [];
        var reclaimed = root.TryGetProperty("SpaceReclaimed", out var s) && s.TryGetInt64(out var n) ? n : 0;
        return new PruneResult(removed, reclaimed);
    }
}
