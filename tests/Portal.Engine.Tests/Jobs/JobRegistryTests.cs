using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Portal.Data.Entities;
using Portal.Engine.Configuration;
using Portal.Engine.Docker;
using Portal.Engine.Jobs;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Tests.Jobs;

/// <summary>The one job registry: who sees a job, who may stop it, how long finished jobs stay, and a bounded watch.</summary>
public sealed class JobRegistryTests
{
    private static readonly Actor s_starter = Member("u-start", "alice", ("a", TeamRole.Operator));
    private static readonly Actor s_viewerA = Member("u-view", "vera", ("a", TeamRole.Viewer));
    private static readonly Actor s_operatorA = Member("u-op", "otto", ("a", TeamRole.Operator));
    private static readonly Actor s_operatorB = Member("u-b", "bob", ("b", TeamRole.Operator));
    private static readonly Actor s_admin = new("u-admin", "admin", true, new Dictionary<string, TeamRole>());

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 3, 0, 0, TimeSpan.Zero));

    private static Actor Member(string id, string name, params (string Team, TeamRole Role)[] teams) =>
        new(id, name, false, teams.ToDictionary(t => t.Team, t => t.Role));

    // Never connected: the registry only names environments here.
    private static readonly Engines s_engines = new(Options.Create(new EngineOptions { Endpoint = "unix:///run/portal-tests-jobs.sock" }), TimeProvider.System, NullLoggerFactory.Instance);

    private JobRegistry NewRegistry(JobOptions? options = null) =>
        new(Options.Create(options ?? new JobOptions()), s_engines, _time);

    [Fact]
    public void Create_CarriesTheCurrentEnvironment_LocalOutsideAnyScope()
    {
        var jobs = NewRegistry();

        Assert.Equal("local", jobs.Create(JobKinds.Pull, "busybox", s_starter).Snapshot.Environment);
        var staging = s_engines.TryGet("staging", out var known) ? known
            : s_engines.Add(new EngineEnvironment(2, "staging"), new EngineConnection(new EnvironmentDefinition("staging", EnvironmentKind.Socket, "unix:///run/portal-tests-staging.sock"), TimeSpan.FromSeconds(100), TimeProvider.System, NullLogger<EngineConnection>.Instance));
        using (Engines.Use(staging))
        {
            Assert.Equal("staging", jobs.Create(JobKinds.Pull, "busybox", s_starter).Snapshot.Environment);
        }
    }

    private static Job Added(JobRegistry jobs, string kind, Actor starter, string? team)
    {
        var job = jobs.Create(kind, "target", starter, team);
        jobs.Add(job);
        return job;
    }

    [Theory]
    [InlineData(JobKinds.Pull)]
    [InlineData("stack.up")]
    public void Find_SameRuleForEveryKind_StarterTeamAndAdminSee_OtherTeamAsIfMissing(string kind)
    {
        var jobs = NewRegistry();
        var job = Added(jobs, kind, s_starter, "a");

        Assert.All(new[] { s_starter, s_viewerA, s_operatorA, s_admin }, a => Assert.Same(job, jobs.Find(a, job.Id)));
        Assert.Null(jobs.Find(s_operatorB, job.Id));
        Assert.Contains(jobs.List(s_viewerA), s => s.Id == job.Id);
        Assert.DoesNotContain(jobs.List(s_operatorB), s => s.Id == job.Id);
        var hidden = Assert.Throws<OperationFailedException>(() => jobs.Get(s_operatorB, job.Id));
        var missing = Assert.Throws<OperationFailedException>(() => jobs.Get(s_operatorB, "nope"));
        Assert.Equal((OperationOutcome.NotFound, $"No job named '{job.Id}' was found."), (hidden.Outcome, hidden.Message));
        Assert.Equal((OperationOutcome.NotFound, "No job named 'nope' was found."), (missing.Outcome, missing.Message));
    }

    [Fact]
    public void Find_JobWithoutTeam_OnlyStarterAndAdmins()
    {
        var jobs = NewRegistry();
        var job = Added(jobs, JobKinds.Pull, s_starter, team: null);

        Assert.NotNull(jobs.Find(s_starter, job.Id));
        Assert.NotNull(jobs.Find(s_admin, job.Id));
        Assert.Null(jobs.Find(s_operatorA, job.Id));
    }

    [Fact]
    public void Find_KindFilter_OtherKindsAreNotFound()
    {
        var jobs = NewRegistry();
        var pull = Added(jobs, JobKinds.Pull, s_starter, "a");
        var up = Added(jobs, JobKinds.Stack("up"), s_starter, "a");

        Assert.Null(jobs.Find(s_starter, pull.Id, JobKinds.IsStack));
        Assert.Same(up, jobs.Find(s_starter, up.Id, JobKinds.IsStack));
        Assert.Equal([up.Id], jobs.List(s_starter, JobKinds.IsStack).Select(s => s.Id));
        Assert.Equal(2, jobs.List(s_starter).Count);
    }

    [Fact]
    public void Cancel_StarterTeamOperatorAndAdmin_May_ViewerAndReadOnlyMayNot_OtherTeamNotFound()
    {
        var jobs = NewRegistry();
        var job = Added(jobs, JobKinds.Stack("up"), s_starter, "a");

        var viewer = Assert.Throws<OperationFailedException>(() => jobs.Cancel(s_viewerA, job.Id));
        var readOnly = Assert.Throws<OperationFailedException>(() => jobs.Cancel(s_starter with { ReadOnly = true }, job.Id));
        var other = Assert.Throws<OperationFailedException>(() => jobs.Cancel(s_operatorB, job.Id));
        Assert.False(job.Token.IsCancellationRequested);

        jobs.Cancel(s_operatorA, job.Id);

        Assert.Equal(OperationOutcome.Forbidden, viewer.Outcome);
        Assert.Equal(OperationOutcome.Forbidden, readOnly.Outcome);
        Assert.Equal(OperationOutcome.NotFound, other.Outcome);
        Assert.True(job.Token.IsCancellationRequested);
    }

    [Fact]
    public void Retention_KeepsTheNewestFinished_NeverDropsRunning()
    {
        var jobs = NewRegistry(new JobOptions { MaxFinishedJobs = 3 });
        var running = Added(jobs, JobKinds.Build, s_starter, "a");
        var finished = new List<Job>();
        for (var i = 0; i < 5; i++)
        {
            var job = Added(jobs, i % 2 == 0 ? JobKinds.Pull : JobKinds.Stack("down"), s_starter, "a");
            _time.Advance(TimeSpan.FromSeconds(1));
            job.Complete(null);
            finished.Add(job);
        }

        var kept = jobs.List(s_admin).Select(s => s.Id).ToList();

        Assert.Equal([.. finished.Skip(2).Reverse().Select(j => j.Id), running.Id], kept);
    }

    [Fact]
    public void Retention_FinishedJobsOlderThanTheAgeLimitAreDropped()
    {
        var jobs = NewRegistry(new JobOptions { FinishedJobRetention = TimeSpan.FromHours(1) });
        var old = Added(jobs, JobKinds.Pull, s_starter, "a");
        old.Complete(null);
        var running = Added(jobs, JobKinds.Stack("up"), s_starter, "a");
        _time.Advance(TimeSpan.FromMinutes(59));
        var recent = Added(jobs, JobKinds.Push, s_starter, "a");
        recent.Complete(new InvalidOperationException("boom"));

        Assert.NotNull(jobs.Find(s_starter, old.Id));
        _time.Advance(TimeSpan.FromMinutes(2));

        Assert.Null(jobs.Find(s_starter, old.Id));
        Assert.Equal([recent.Id, running.Id], jobs.List(s_starter).Select(s => s.Id));
        Assert.Throws<ObjectDisposedException>(() => old.Token);
    }

    [Fact]
    public async Task Watch_SlowReader_GetsTheLatestNotABacklog_AndEndsWithTheJob()
    {
        var jobs = NewRegistry();
        var job = Added(jobs, JobKinds.Build, s_starter, "a");
        await using var watch = jobs.WatchAsync(s_viewerA, job.Id, TestContext.Current.CancellationToken).GetAsyncEnumerator(TestContext.Current.CancellationToken);
        Assert.True(await watch.MoveNextAsync());
        var first = watch.Current;

        // 10,000 changes while the reader is not reading: a queue would now hold 10,000 snapshots.
        for (var i = 0; i < 10_000; i++)
        {
            job.Update(c => c.Status = $"line {i}");
        }

        Assert.True(await watch.MoveNextAsync());
        var caughtUp = watch.Current;
        job.Complete(null);
        var rest = new List<JobSnapshot>();
        while (await watch.MoveNextAsync())
        {
            rest.Add(watch.Current);
        }

        Assert.Equal("line 9999", caughtUp.Status);
        Assert.Equal(first.Version + 10_000, caughtUp.Version);
        Assert.Equal(JobState.Succeeded, Assert.Single(rest).State);
    }

    [Fact]
    public void Watch_HiddenJob_NotFoundBeforeAnythingStreams()
    {
        var jobs = NewRegistry();
        var job = Added(jobs, JobKinds.Pull, s_starter, "a");

        var ex = Assert.Throws<OperationFailedException>(() => jobs.WatchAsync(s_operatorB, job.Id, TestContext.Current.CancellationToken));

        Assert.Equal(OperationOutcome.NotFound, ex.Outcome);
    }

    [Fact]
    public async Task Start_WorkFails_Failed_Cancelled_Cancelled_Succeeds_Succeeded()
    {
        var jobs = NewRegistry();
        var gate = new TaskCompletionSource();

        var failing = jobs.Start(JobKinds.Stack("up"), "shop", s_starter, "a", (_, _) => throw OperationFailedException.Invalid("bad file"));
        var waiting = jobs.Start(JobKinds.Stack("down"), "shop", s_starter, "a", async (_, ct) => await gate.Task.WaitAsync(ct));
        var fine = jobs.Start(JobKinds.Stack("pull"), "shop", s_starter, "a", (job, _) =>
        {
            job.Update(c => c.SetOutput(JobOutputs.Report, "pulled"));
            return Task.CompletedTask;
        });
        jobs.Cancel(s_starter, waiting.Id);

        var ends = await Task.WhenAll(new[] { failing, waiting, fine }.Select(j => EndAsync(j)));

        Assert.Equal((JobState.Failed, "bad file"), (ends[0].State, ends[0].Error));
        Assert.Equal((JobState.Cancelled, "Cancelled."), (ends[1].State, ends[1].Error));
        Assert.Equal((JobState.Succeeded, "pulled"), (ends[2].State, ends[2].Outputs[JobOutputs.Report]));
        Assert.All(ends, s => Assert.Equal(("a", "local", "alice"), (s.Team, s.Environment, s.UserName)));
    }

    [Fact]
    public async Task StartChecked_RefusedBeforeRegistering_ThrowsAndNobodySeesIt()
    {
        var jobs = NewRegistry();
        var job = jobs.Create(JobKinds.Pull, "app:1", s_starter);

        var ex = await Assert.ThrowsAsync<OperationFailedException>(() => jobs.StartCheckedAsync(job,
            (_, _) => throw OperationFailedException.Forbidden("no"), TestContext.Current.CancellationToken));

        Assert.Equal(OperationOutcome.Forbidden, ex.Outcome);
        Assert.Empty(jobs.List(s_admin));
    }

    [Fact]
    public async Task StartChecked_Registered_ReturnsWhileTheWorkGoesOn()
    {
        var jobs = NewRegistry();
        var job = jobs.Create(JobKinds.Pull, "app:1", s_starter);
        var gate = new TaskCompletionSource();

        await jobs.StartCheckedAsync(job, async (register, _) =>
        {
            register();
            await gate.Task;
        }, TestContext.Current.CancellationToken);

        Assert.Equal(JobState.Running, Assert.Single(jobs.List(s_starter)).State);
        gate.SetResult();
        Assert.Equal(JobState.Succeeded, (await EndAsync(job)).State);
    }

    private static async Task<JobSnapshot> EndAsync(Job job)
    {
        JobSnapshot last = job.Snapshot;
        await foreach (var snapshot in JobRegistry.WatchAsync(job, TestContext.Current.CancellationToken))
        {
            last = snapshot;
        }

        return last;
    }
}
