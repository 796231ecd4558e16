using System.Collections.Concurrent;
using Portal.Engine.Images;
using Portal.Engine.Pipeline;

namespace Portal.Web.Tests.Fakes;

/// <summary>A thread-safe, hand-written <see cref="IImageOperations"/>: serves the images it is given and records every call.</summary>
public sealed class FakeImageOperations : IImageOperations
{
    private readonly ConcurrentDictionary<string, ImageDetails> _images = new(StringComparer.Ordinal);

    public ConcurrentQueue<ImageListRequest> ListRequests { get; } = new();

    /// <summary>Changes as (action, reference, argument): ("tag", ref, target), ("remove", ref, force), ("prune", "", "").</summary>
    public ConcurrentQueue<(string Action, string Reference, string Argument)> Calls { get; } = new();

    /// <summary>Thrown by tag and remove when set.</summary>
    public Exception? ChangeFailure { get; set; }

    /// <summary>Adds an image reachable by its id and each of its tags.</summary>
    public ImageDetails Add(string tag, string? team = null)
    {
        var id = "sha256:" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        var details = new ImageDetails
        {
            Summary = new ImageSummary(id, [tag], 2_000_000, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), 0, false, team),
            Command = ["sh"],
            Os = "linux",
            Architecture = "amd64",
            History = [new ImageHistoryEntry(id, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), "/bin/sh -c #(nop) CMD [\"sh\"]", 0, "")],
        };
        _images[id] = details;
        _images[tag] = details;
        return details;
    }

    public async Task<IReadOnlyList<ImageSummary>> ListAsync(Actor actor, ImageListRequest request, CancellationToken cancellationToken) =>
        (await QueryAsync(actor, request, cancellationToken)).Items;

    public Task<PagedResult<ImageSummary>> QueryAsync(Actor actor, ImageListRequest request, CancellationToken cancellationToken)
    {
        ListRequests.Enqueue(request);
        var all = _images.Values.Select(d => d.Summary).DistinctBy(s => s.Id)
            .Where(s => request.Text is null || s.Tags.Any(t => t.Contains(request.Text, StringComparison.Ordinal)))
            .OrderBy(s => s.DisplayName, StringComparer.Ordinal).ToList();
        return Task.FromResult(new PagedResult<ImageSummary>(all.Skip(request.Skip).Take(request.Take).ToList(), all.Count));
    }

    public Task<ImageDetails> GetAsync(Actor actor, string reference, CancellationToken cancellationToken) =>
        _images.TryGetValue(reference, out var d) ? Task.FromResult(d) : Task.FromException<ImageDetails>(OperationFailedException.NotFound("image", reference));

    public Task TagAsync(Actor actor, string reference, string newReference, CancellationToken cancellationToken)
    {
        Calls.Enqueue(("tag", reference, newReference));
        return ChangeFailure is { } ex ? Task.FromException(ex) : Task.CompletedTask;
    }

    public Task<ImageRemoveResult> RemoveAsync(Actor actor, string reference, bool force, CancellationToken cancellationToken)
    {
        Calls.Enqueue(("remove", reference, force ? "force" : ""));
        return ChangeFailure is { } ex ? Task.FromException<ImageRemoveResult>(ex) : Task.FromResult(new ImageRemoveResult([reference], []));
    }

    public Task<ImagePruneResult> PruneAsync(Actor actor, CancellationToken cancellationToken)
    {
        Calls.Enqueue(("prune", "", ""));
        return Task.FromResult(new ImagePruneResult(["sha256:gone"], 1024));
    }
}
