using System.Collections.Concurrent;
using Portal.Engine.DiskUsage;
using Portal.Engine.Docker;
using Portal.Engine.Pipeline;

namespace Portal.Web.Tests.Fakes;

/// <summary>A hand-written <see cref="IDiskUsageOperations"/> built on the real report logic over given data.</summary>
public sealed class FakeDiskUsageOperations : IDiskUsageOperations
{
    public DiskUsageData Data { get; set; } = new(0, [], [], [], []);

    public ConcurrentQueue<PruneScope> Prunes { get; } = new();

    public Task<DiskUsageReport> GetAsync(Actor actor, CancellationToken cancellationToken) =>
        Task.FromResult(DiskUsageOperations.Summarize(actor, Data));

    public Task<PruneResult> PruneAsync(Actor actor, PruneScope scope, CancellationToken cancellationToken)
    {
        Prunes.Enqueue(scope);
        return Task.FromResult(new PruneResult(["x"], 1000));
    }
}
