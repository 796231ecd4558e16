using Portal.Data.Entities;
using Portal.Engine.Jobs;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Tests.Jobs;

/// <summary>One job's own bounds: progress items, log lines and line length, and what ends it.</summary>
public sealed class JobTests
{
    private static readonly Actor s_actor = new("u1", "alice", false, new Dictionary<string, TeamRole>());

    private static Job NewJob(JobOptions options) => new("build", "app:1", s_actor, Job.LocalEnvironment, TimeProvider.System, options);

    [Fact]
    public void Log_BoundedAndEachLineCut()
    {
        using var job = NewJob(new JobOptions { MaxLogLines = 100, MaxLogLineLength = 20 });

        job.Update(c =>
        {
            for (var i = 0; i < 250; i++)
            {
                c.AddLog($"line {i}");
            }

            c.AddLog(new string('x', 10_000));
        });

        var log = job.Snapshot.Log;
        Assert.Equal(100, log.Count);
        Assert.Equal("line 151", log[0]);
        Assert.Equal(new string('x', 19) + "…", log[^1]);
    }

    [Fact]
    public void Progress_KeyedItemsReplace_NewOnesPastTheBoundDropped_HistoryDropsOldest()
    {
        using var keyed = NewJob(new JobOptions { MaxProgressItems = 3 });
        using var history = NewJob(new JobOptions { MaxProgressItems = 3 });

        keyed.Update(c =>
        {
            foreach (var id in new[] { "a", "b", "c", "d", "a" })
            {
                c.SetProgress(new JobProgress(id, "Downloading", Current: id == "a" ? 5 : 0));
            }
        });
        history.Update(c =>
        {
            foreach (var id in new[] { "a", "b", "c", "d", "a" })
            {
                c.AddProgress(new JobProgress(id, "created"));
            }
        });

        Assert.Equal([("a", 5L), ("b", 0L), ("c", 0L)], keyed.Snapshot.Progress.Select(p => (p.Id, p.Current)));
        Assert.Equal(["c", "d", "a"], history.Snapshot.Progress.Select(p => p.Id));
    }

    [Fact]
    public void Complete_Once_LateReportsChangeNothing()
    {
        using var job = NewJob(new JobOptions());
        job.Update(c => c.Status = "working");

        job.Complete(OperationFailedException.Invalid("bad"));
        var ended = job.Snapshot;
        job.Complete(null);
        job.Update(c => c.Status = "late");

        Assert.Same(ended, job.Snapshot);
        Assert.Equal((JobState.Failed, "bad", "working"), (ended.State, ended.Error, ended.Status));
        Assert.NotNull(ended.FinishedAt);
    }

    [Fact]
    public void Snapshot_UnchangedCollectionsAreShared_VersionGrowsPerChange()
    {
        using var job = NewJob(new JobOptions());
        job.Update(c => c.AddLog("one"));
        var before = job.Snapshot;

        job.Update(c => c.Status = "two");

        Assert.Same(before.Log, job.Snapshot.Log);
        Assert.Equal(before.Version + 1, job.Snapshot.Version);
    }
}
