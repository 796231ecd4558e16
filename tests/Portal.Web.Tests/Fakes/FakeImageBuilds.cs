using System.Collections.Concurrent;
using Portal.Engine.Images;
using Portal.Engine.Images.Build;
using Portal.Engine.Images.Jobs;
using Portal.Engine.Pipeline;

namespace Portal.Web.Tests.Fakes;

/// <summary>Records build requests and starts each as a running job in <see cref="FakeImageTransfers"/>, where tests publish its log.</summary>
public sealed class FakeImageBuilds(FakeImageTransfers transfers) : IImageBuilds
{
    public ConcurrentQueue<(ImageBuildRequest Request, bool HasArchive)> Requests { get; } = new();

    public Exception? Failure { get; set; }

    public Task<ImageJobSnapshot> BuildAsync(Actor actor, ImageBuildRequest request, Stream? archive, CancellationToken cancellationToken)
    {
        if (Failure is not null)
        {
            return Task.FromException<ImageJobSnapshot>(Failure);
        }

        Requests.Enqueue((request, archive is not null));
        var job = FakeImageTransfers.Running(request.Tags.FirstOrDefault() ?? "(untagged)") with { Kind = "build" };
        transfers.Seed(job);
        return Task.FromResult(job);
    }
}
