using System.Globalization;
using System.Text.RegularExpressions;
using Docker.DotNet.Models;
using Portal.Data.Stores;
using Portal.Engine.Access;
using Portal.Engine.Admission;
using Portal.Engine.Docker;
using Portal.Engine.Labels;
using Portal.Engine.Networks;
using Portal.Engine.Pipeline;
using Portal.Engine.Quotas;
using Portal.Engine.Resources;
using Portal.Engine.Runner;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Volumes;

/// <summary>Volume operations: reads, and declared changes the runner takes through access → admission → quota → engine → audit.</summary>
public sealed partial class VolumeOperations(
    OperationRunner runner,
    VolumeAccess access,
    Engines engines,
    TeamStore teams,
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

    public Task<VolumeSummary> CreateAsync(Actor actor, CreateVolumeRequest request, CancellationToken cancellationToken)
    {
        var name = request.Name?.Trim() ?? "";
        Dictionary<string, string>? labels = null;
        var declaration = new OperationDeclaration("volume.create", TargetKind.Volume, request.Name ?? "")
        {
            Access = OwningTeam.ForNew(teams, request.Team, "volume", request.Name ?? ""),
            Admit = (target, _) =>
            {
                // A malformed request is a bad request before it is a refused one.
                if (!IsValidName(name))
                {
                    throw OperationFailedException.Invalid($"'{name}' is not a valid volume name: use letters, digits, '_', '.', '-', starting with a letter or digit (at least two characters).", "name");
                }

                labels = OwningTeam.Labels(ObjectLabels.Validate(request.Labels), target.Team, actor.UserName);
                return Task.FromResult<IReadOnlyList<AdmissionRequest>>([new VolumeCreateAdmission(request.Driver, request.DriverOptions)]);
            },
            Quota = async (_, _, ct) =>
            {
                if (await access.FindAsync(name, ct).ConfigureAwait(false) is not null)
                {
                    // Creating an existing volume succeeds silently in the engine; here it would hand over another team's data.
                    throw OperationFailedException.NameTaken("volume", name);
                }

                return new QuotaDemand(0, 0, 0, 1);
            },
        };
        return runner.RunAsync(actor, declaration, async (op, ct) =>
        {
            var driver = op.The<VolumeCreateAdmission>().EffectiveDriver;
            var created = await resources.CreateAsync(op, new VolumesCreateParameters
            {
                Name = name,
                Driver = driver,
                DriverOpts = request.DriverOptions is { Count: > 0 } o ? new Dictionary<string, string>(o) : new Dictionary<string, string>(),
                Labels = labels!,
            }, ct).ConfigureAwait(false);
            op.Context.Target = created.Name;
            op.Context.Detail = $"driver {driver}";
            return ToSummary(actor, created, op.Team, new Dictionary<string, (List<string>, int)>(), new Dictionary<string, long>());
        }, cancellationToken);
    }

    public Task RemoveAsync(Actor actor, string name, CancellationToken cancellationToken)
    {
        ResolvedVolume? v = null;
        var declaration = new OperationDeclaration("volume.remove", TargetKind.Volume, name)
        {
            Access = async (who, ct) =>
            {
                v = await access.ResolveAsync(who, name, write: true, ct).ConfigureAwait(false);
                return new OperationTarget(v.Name, v.Team);
            },
        };
        return runner.RunAsync(actor, declaration, async (op, ct) =>
        {
            await resources.EnsureMayRemoveAsync(v!.Name, ct).ConfigureAwait(false);
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

            await resources.RemoveAsync(op, v.Name, force: false, ct).ConfigureAwait(false);
        }, cancellationToken);
    }

    public Task<PruneResult> PruneAsync(Actor actor, CancellationToken cancellationToken)
    {
        var declaration = new OperationDeclaration("volume.prune", TargetKind.Volume, "volumes")
        {
            Access = (_, _) => Task.FromResult(new OperationTarget("volumes", null)),
        };
        return runner.RunAsync(actor, declaration, async (op, ct) =>
        {
            var removed = new List<string>();
            long reclaimed = 0;
            foreach (var filter in NetworkOperations.PruneFilters(actor))
            {
                var filters = filter ?? new Dictionary<string, IDictionary<string, bool>>();
                // From API 1.42 prune takes only anonymous volumes unless asked for all; 1.41 rejects the filter.
                if (System.Version.TryParse(engines.Current.Status.ApiVersion, out var api) && api >= new System.Version(1, 42))
                {
                    filters["all"] = new Dictionary<string, bool> { ["true"] = true };
                }

                var result = await resources.PruneAsync(op, filters, ct).ConfigureAwait(false);
                removed.AddRange(result.VolumesDeleted ?? []);
                reclaimed += (long)result.SpaceReclaimed;
            }

            op.Context.Detail = removed.Count == 0 ? "nothing to remove" : $"removed {string.Join(", ", removed)}; reclaimed {reclaimed.ToString(CultureInfo.InvariantCulture)} bytes";
            return new PruneResult(removed, reclaimed);
        }, cancellationToken);
    }

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
