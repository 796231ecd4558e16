using Docker.DotNet.Models;
using Portal.Engine.Images.Jobs;
using Portal.Engine.Pipeline;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Tests.Images;

public sealed class ImageJobTests
{
    private static readonly Actor s_actor = new("u1", "alice", false, new Dictionary<string, Portal.Data.Entities.TeamRole>());

    [Fact]
    public void Apply_LayerMessages_FoldIntoOneRowPerLayer()
    {
        using var job = new ImageJob("pull", "app:1", s_actor, TimeProvider.System);

        job.Apply(new JSONMessage { ID = "1", Status = "Pulling from app" });
        job.Apply(new JSONMessage { ID = "abc", Status = "Pulling fs layer" });
        job.Apply(new JSONMessage { ID = "abc", Status = "Downloading", Progress = new JSONProgress { Current = 50, Total = 200 } });
        job.Apply(new JSONMessage { ID = "def", Status = "Already exists" });

        var layers = job.Snapshot.Layers;
        Assert.Equal(["abc", "def"], layers.Select(l => l.Id));
        Assert.Equal(25, layers[0].Percent);
        Assert.False(layers[0].Done);
        Assert.True(layers[1].Done);
        Assert.Equal("Pulling from app", job.Snapshot.Status);

        job.Apply(new JSONMessage { ID = "abc", Status = "Pull complete" });

        Assert.All(job.Snapshot.Layers, l => Assert.True(l.Done));
    }

    [Fact]
    public void Apply_ManyLayers_Bounded()
    {
        using var job = new ImageJob("pull", "app:1", s_actor, TimeProvider.System);

        for (var i = 0; i < ImageJob.MaxLayers + 50; i++)
        {
            job.Apply(new JSONMessage { ID = $"layer{i}", Status = "Waiting" });
        }

        Assert.Equal(ImageJob.MaxLayers, job.Snapshot.Layers.Count);
    }

    [Fact]
    public void Complete_AfterCancel_Cancelled()
    {
        using var job = new ImageJob("pull", "app:1", s_actor, TimeProvider.System);

        job.Cancel();
        job.Complete(new OperationCanceledException(job.Token));

        Assert.True(job.Token.IsCancellationRequested);
        Assert.Equal(ImageJobState.Cancelled, job.Snapshot.State);
        Assert.NotNull(job.Snapshot.FinishedAt);
    }

    [Fact]
    public void Complete_IoErrorAfterCancel_StillCancelled()
    {
        using var job = new ImageJob("pull", "app:1", s_actor, TimeProvider.System);

        job.Cancel();
        job.Complete(new IOException("stream closed"));

        Assert.Equal(ImageJobState.Cancelled, job.Snapshot.State);
    }

    [Fact]
    public void Complete_StreamError_FailedWithMessage()
    {
        using var job = new ImageJob("pull", "app:1", s_actor, TimeProvider.System);

        job.Apply(new JSONMessage { Error = new JSONError { Message = "manifest unknown" } });
        job.Complete(OperationFailedException.NotFound("image", "app:1"));

        Assert.Equal("manifest unknown", job.StreamError);
        Assert.Equal(ImageJobState.Failed, job.Snapshot.State);
        Assert.Equal("No image named 'app:1' was found.", job.Snapshot.Error);
    }
}
