using System.Collections.Concurrent;
using System.Text;
using Portal.Engine.Pipeline;
using Portal.Engine.Volumes;

namespace Portal.Web.Tests.Fakes;

/// <summary>A thread-safe, hand-written <see cref="IVolumeOperations"/>: serves what it is given and records every call.</summary>
public sealed class FakeVolumeOperations : IVolumeOperations
{
    private readonly ConcurrentDictionary<string, VolumeDetails> _volumes = new(StringComparer.Ordinal);

    /// <summary>Folder listings by (volume, path).</summary>
    public ConcurrentDictionary<(string, string), VolumeListing> Listings { get; } = new();

    public ConcurrentQueue<(string Action, string Volume, string? Argument)> Calls { get; } = new();

    /// <summary>Thrown by mutations when set.</summary>
    public Exception? Failure { get; set; }

    public static VolumeSummary Summary(string name, string? team = "web", params string[] usedBy) =>
        new(name, "local", "local", new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), 2048, usedBy, team, "alice", null);

    public void Add(VolumeSummary summary) => _volumes[summary.Name] = new VolumeDetails { Summary = summary };

    public Task<IReadOnlyList<VolumeSummary>> ListAsync(Actor actor, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<VolumeSummary>>(_volumes.Values.Select(v => v.Summary).OrderBy(v => v.Name, StringComparer.Ordinal).ToList());

    public Task<VolumeDetails> GetAsync(Actor actor, string name, CancellationToken cancellationToken) =>
        _volumes.TryGetValue(name, out var v) ? Task.FromResult(v) : Task.FromException<VolumeDetails>(OperationFailedException.NotFound("volume", name));

    public Task<VolumeSummary> CreateAsync(Actor actor, CreateVolumeRequest request, CancellationToken cancellationToken)
    {
        Calls.Enqueue(("create", request.Name, request.Team));
        if (Failure is { } f)
        {
            return Task.FromException<VolumeSummary>(f);
        }

        var created = Summary(request.Name, request.Team);
        Add(created);
        return Task.FromResult(created);
    }

    public Task RemoveAsync(Actor actor, string name, CancellationToken cancellationToken)
    {
        Calls.Enqueue(("remove", name, null));
        return Failure is { } f ? Task.FromException(f) : Task.CompletedTask;
    }

    public Task<PruneResult> PruneAsync(Actor actor, CancellationToken cancellationToken)
    {
        Calls.Enqueue(("prune", "", null));
        return Task.FromResult(new PruneResult(["old"], 4096));
    }

    public Task<VolumeListing> BrowseAsync(Actor actor, string name, string? path, CancellationToken cancellationToken)
    {
        var normalized = VolumeBrowser.NormalizePath(path);
        Calls.Enqueue(("browse", name, normalized));
        return Listings.TryGetValue((name, normalized), out var listing)
            ? Task.FromResult(listing)
            : Task.FromException<VolumeListing>(new OperationFailedException(OperationOutcome.NotFound, $"There is no '{normalized}' in volume '{name}'."));
    }

    public Task<VolumeDownload> DownloadAsync(Actor actor, string name, string? path, CancellationToken cancellationToken) =>
        Task.FromResult(new VolumeDownload("file.txt", "application/octet-stream", new MemoryStream(Encoding.UTF8.GetBytes("hello"))));
}
