using System.Globalization;
using System.Text.RegularExpressions;
using Docker.DotNet.Models;
using Portal.Data.Stores;
using Portal.Engine.DiskUsage;
using Portal.Engine.Docker;
using Portal.Engine.Labels;
using Portal.Engine.Networks;
using Portal.Engine.Pipeline;
using Portal.Engine.Pipeline.Admission;
using Portal.Engine.Resources;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Volumes;

/// <summary>Volume operations through the pipeline: access → admission → engine call → audit.</summary>
public sealed partial class VolumeOperations(
    OperationRunner runner,
    VolumeAccess access,
    EngineConnection connection,
    TeamStore teams,
    Portal.Engine.Quotas.QuotaGuard quota,
    VolumeResources resources,
    VolumeUsage usage,
    VolumeBrowser browser) : IVolumeOperations
{
    public Task<VolumeListing> BrowseAsync(Actor actor, string name, string? path, CancellationToken cancellationToken) =>
        browser.BrowseAsync(actor, name, path, cancellationToken);

    public Task<VolumeDownload> DownloadAsync(Actor actor, string name, string? path, CancellationToken cancellationToken) =>
        browser.DownloadAsync(actor, name, path, cancellationToken);

    public Task<IReadOnlyList<VolumeSummary>> ListAsync(Actor actor, CancellationToken cancellationToken) => usage.ListAsync(actor, cancellationToken);

    public async Task<VolumeDetails> GetAsync(Actor actor, string name, CancellationToken cancellationToken)
    {
        var v = await access.ResolveAsync(actor, name, write: false, cancellationToken).ConfigureAwait(false);
        var users = await usage.UsersAsync(actor, v.Name, cancellationToken).ConfigureAwait(false);
        var sizes = await usage.SizesAsync(v.Name, cancellationToken).ConfigureAwait(false);
        return new VolumeDetails
        {
            Summary = ToSummary(actor, v.Inspect, v.Team, users, sizes),
            Labels = v.Inspect.Labels is { } l ? new Dictionary<string, string>(l) : [],
            Options = actor.IsAdmin && v.Inspect.Options is { } o ? new Dictionary<string, string>(o) : [],
        };
    }

    public Task<VolumeSummary> CreateAsync(Actor actor, CreateVolumeRequest request, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "volume.create", request.Name ?? "", async (ctx, ct) =>
        {
            var team = await OwningTeam.ResolveAsync(actor, request.Team, teams, "volume", ct).ConfigureAwait(false);
            ctx.Team = team;
            var name = request.Name?.Trim() ?? "";
            if (!IsValidName(name))
            {
                throw OperationFailedException.Invalid($"'{name}' is not a valid volume name: use letters, digits, '_', '.', '-', starting with a letter or digit (at least two characters).");
            }

            var labels = OwningTeam.Labels(ObjectLabels.Validate(request.Labels), team, actor.UserName);
            VolumeAdmission.Admit(actor, request);
            using var quotaLock = await quota.EnterAsync(team, ct).ConfigureAwait(false);
            if (await access.FindAsync(name, ct).ConfigureAwait(false) is not null)
            {
                // Creating an existing volume succeeds silently in the engine; here it would hand over another team's data.
                throw OperationFailedException.NameTaken("volume", name);
            }

            await quota.CheckAsync(team, new Portal.Engine.Quotas.QuotaDemand(0, 0, 0, 1), ct).ConfigureAwait(false);

            var driver = string.IsNullOrWhiteSpace(request.Driver) ? "local" : request.Driver.Trim();
            var created = await resources.CreateAsync(new VolumesCreateParameters
            {
                Name = name,
                Driver = driver,
                DriverOpts = request.DriverOptions is { Count: > 0 } o ? new Dictionary<string, string>(o) : new Dictionary<string, string>(),
                Labels = labels,
            }, ct).ConfigureAwait(false);
            ctx.Target = created.Name;
            ctx.Detail = $"driver {driver}";
            return ToSummary(actor, created, team, new Dictionary<string, (List<string>, int)>(), new Dictionary<string, long>());
        }, cancellationToken);

    public Task RemoveAsync(Actor actor, string name, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "volume.remove", name, async (ctx, ct) =>
        {
            var v = await access.ResolveAsync(actor, name, write: true, ct).ConfigureAwait(false);
            ctx.Target = v.Name;
            ctx.Team = v.Team;
            await resources.EnsureMayRemoveAsync(v.Name, ct).ConfigureAwait(false);
            var users = await usage.UsersAsync(actor, v.Name, ct).ConfigureAwait(false);
            if (users.TryGetValue(v.Name, out var u) && u.Visible.Count + u.Hidden > 0)
            {
                var who = string.Join(", ", u.Visible.Order(StringComparer.Ordinal));
                if (u.Hidden > 0)
                {
                    who += (who.Length > 0 ? " and " : "") + $"{u.Hidden} container(s) of other teams";
                }

                throw OperationFailedException.Conflict($"Volume '{v.Name}' is in use by {who}; remove those containers first.");
            }

            await resources.RemoveAsync(v.Name, force: false, ct).ConfigureAwait(false);
        }, cancellationToken);

    public Task<PruneResult> PruneAsync(Actor actor, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "volume.prune", "volumes", async (ctx, ct) =>
        {
            var removed = new List<string>();
            long reclaimed = 0;
            foreach (var filter in NetworkOperations.PruneFilters(actor))
            {
                var filters = filter ?? new Dictionary<string, IDictionary<string, bool>>();
                // From API 1.42 prune takes only anonymous volumes unless asked for all; 1.41 rejects the filter.
                if (System.Version.TryParse(connection.Status.ApiVersion, out var api) && api >= new System.Version(1, 42))
                {
                    filters["all"] = new Dictionary<string, bool> { ["true"] = true };
                }

                var result = await resources.PruneAsync(filters, ct).ConfigureAwait(false);
                removed.AddRange(result.VolumesDeleted ?? []);
                reclaimed += (long)result.SpaceReclaimed;
            }

            ctx.Detail = removed.Count == 0 ? "nothing to remove" : $"removed {string.Join(", ", removed)}; reclaimed {reclaimed.ToString(CultureInfo.InvariantCulture)} bytes";
            return new PruneResult(removed, reclaimed);
        }, cancellationToken);

    public static bool IsValidName(string name) => name.Length is >= 2 and <= 255 && NameRegex().IsMatch(name);

    private static VolumeSummary ToSummary(Actor actor, VolumeResponse v, string? team, IReadOnlyDictionary<string, (List<string> Visible, int Hidden)> users, IReadOnlyDictionary<string, long> sizes)
    {
        var u = users.TryGetValue(v.Name, out var found) ? found : ([], 0);
        DateTime? created = DateTimeOffset.TryParse(v.CreatedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at.UtcDateTime : null;
        return new VolumeSummary(v.Name, v.Driver ?? "", v.Scope ?? "", created, sizes.TryGetValue(v.Name, out var size) ? size : null,
            u.Visible.Order(StringComparer.Ordinal).ToList(), team,
            v.Labels?.TryGetValue(PortalLabels.Owner, out var owner) == true ? owner : null,
            actor.IsAdmin ? v.Mountpoint : null);
    }

    [GeneratedRegex(@"^[a-zA-Z0-9][a-zA-Z0-9_.-]+$")]
    private static partial Regex NameRegex();
}
