using Docker.DotNet.Models;
using Portal.Data.Stores;
using Portal.Engine.Docker;
using Portal.Engine.Images.Catalog;
using Portal.Engine.Images.Jobs;
using Portal.Engine.Pipeline;
using Portal.Engine.Registries;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Images;

/// <summary>Pull and push as background jobs through the pipeline: checks → engine call with progress → audit when it ends.</summary>
public sealed partial class ImageTransfers(
    OperationRunner runner,
    EngineConnection connection,
    ImageJobRegistry jobs,
    ImageAccess access,
    RegistryOperations registries,
    TeamStore teams,
    ImageCatalogSync imageCatalog,
    Portal.Engine.Pipeline.Admission.PolicySettingsCache policy,
    TimeProvider time) : IImageTransfers
{
    public Task<ImageJobSnapshot> PullAsync(Actor actor, string reference, string? team, CancellationToken cancellationToken) =>
        StartAsync(actor, "pull", reference?.Trim() ?? "", async (job, ctx, ct) =>
        {
            if (!actor.IsAdmin && !actor.OperableTeams.Any())
            {
                throw OperationFailedException.Forbidden("Viewers cannot pull images; ask an operator of your team.");
            }

            var (repository, tagOrDigest) = ImageReferences.ParsePullReference(job.Snapshot.Reference);
            var owner = await PullTeamAsync(actor, team, ct).ConfigureAwait(false);
            ctx.Team = owner;
            job.Team = owner;
            if (!actor.IsAdmin
                && Portal.Engine.Pipeline.Admission.AllowedImagesRule.CheckImage(job.Snapshot.Reference, await policy.GetAsync(ct).ConfigureAwait(false)) is { } refusal)
            {
                throw Portal.Engine.Pipeline.Admission.AdmissionPolicy.Refuse("allowed-images", refusal);
            }

            // Stored login for the reference's registry when the actor may use one; anonymous otherwise.
            var auth = await registries.AuthForAsync(actor, RegistryHosts.HostOf(repository), owner, ct).ConfigureAwait(false);
            return async (progress, token) =>
            {
                await connection.Client.Images.CreateImageAsync(
                    new ImagesCreateParameters { FromImage = repository, Tag = tagOrDigest }, auth, progress, token).ConfigureAwait(false);
                await RecordPullAsync(repository, tagOrDigest, owner, actor, token).ConfigureAwait(false);
            };
        }, cancellationToken);

    /// <summary>
    /// The team a pull is recorded for: the one asked for (if the actor operates it), else the
    /// actor's only operable team; none for an admin who names none or an operator of several.
    /// </summary>
    private async Task<string?> PullTeamAsync(Actor actor, string? requested, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(requested))
        {
            return await OwningTeam.ResolveAsync(actor, requested, teams, "image", ct).ConfigureAwait(false);
        }

        var operable = actor.OperableTeams.Take(2).ToList();
        return !actor.IsAdmin && operable.Count == 1 ? operable[0] : null;
    }

    /// <summary>A pull cannot label the image, so the catalog records the team that pulled it.</summary>
    private async Task RecordPullAsync(string repository, string tagOrDigest, string? team, Actor actor, CancellationToken ct)
    {
        if (team is null)
        {
            await imageCatalog.RefreshAfterChangeAsync(ct).ConfigureAwait(false);
            return;
        }

        var separator = tagOrDigest.Contains(':', StringComparison.Ordinal) ? "@" : ":";
        try
        {
            await imageCatalog.RecordPullAsync($"{repository}{separator}{tagOrDigest}", team, actor.UserName, ct).ConfigureAwait(false);
        }
        catch (global::Docker.DotNet.DockerApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // The pull failed inside its stream (the job reports that error); there is nothing to record.
        }
    }

    /// <summary>
    /// Starts a job: <paramref name="prepare"/> runs the checks inside the pipeline and returns the
    /// engine call; the job is registered (and the caller answered) only once the checks passed.
    /// </summary>
    private async Task<ImageJobSnapshot> StartAsync(Actor actor, string kind, string reference,
        Func<ImageJob, OperationContext, CancellationToken, Task<Func<IProgress<JSONMessage>, CancellationToken, Task>>> prepare, CancellationToken cancellationToken)
    {
        var job = new ImageJob(kind, reference, actor, time);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The run is owned by the job, not the request: it goes on when the caller leaves.
        var run = Task.Run(() => runner.RunAsync(actor, "image." + kind, job.Snapshot.Reference, async (ctx, ct) =>
        {
            var call = await prepare(job, ctx, ct).ConfigureAwait(false);
            jobs.Add(job);
            started.TrySetResult();
            await RunWithProgressAsync(job, call, ct).ConfigureAwait(false);
            ctx.Detail = job.Snapshot.Status;
        }, job.Token), CancellationToken.None);
        _ = run.ContinueWith(t =>
        {
            job.Complete(t.Exception?.InnerException ?? (t.IsCanceled ? new OperationCanceledException() : null));
            if (!started.Task.IsCompleted)
            {
                // Refused before it was registered: nobody can reach this job, so release it now.
                job.Dispose();
            }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        await Task.WhenAny(started.Task, run).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (!started.Task.IsCompleted)
        {
            // Refused before the job started: surface the refusal to the caller.
            await run.ConfigureAwait(false);
        }

        return job.Snapshot;
    }

    public IReadOnlyList<ImageJobSnapshot> ListJobs(Actor actor) => jobs.List(actor);

    public ImageJobSnapshot GetJob(Actor actor, string id) => Find(actor, id).Snapshot;

    public void Cancel(Actor actor, string id)
    {
        var job = Find(actor, id);
        if (actor.ReadOnly)
        {
            // Found first so another person's job still reads as missing; a read-only token changes nothing.
            throw OperationFailedException.Forbidden("This access token is read-only.");
        }

        // Team mates may follow a job; only its starter, an operator of its team or an admin may stop it.
        if (!actor.IsAdmin && job.Actor.UserId != actor.UserId && !actor.CanOperate(job.Team))
        {
            throw OperationFailedException.Forbidden("Viewers cannot cancel a job; ask its starter or an operator of the team.");
        }

        job.Cancel();
    }

    public IAsyncEnumerable<ImageJobSnapshot> WatchAsync(Actor actor, string id, CancellationToken cancellationToken) =>
        ImageJobRegistry.WatchAsync(Find(actor, id), cancellationToken);

    private ImageJob Find(Actor actor, string id) =>
        jobs.Find(actor, id) ?? throw OperationFailedException.NotFound("job", id);

    private async Task RunWithProgressAsync(ImageJob job, Func<IProgress<JSONMessage>, CancellationToken, Task> call, CancellationToken ct)
    {
        // Progress arrives on the client's reader thread and is coalesced there; one consumer folds it in batches.
        var progress = new CoalescingProgress();
        var consumer = Task.Run(async () =>
        {
            while (await progress.TakeAsync(CancellationToken.None).ConfigureAwait(false) is { Count: > 0 } batch)
            {
                job.Apply(batch);
            }
        }, CancellationToken.None);
        try
        {
            await call(progress, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && ex is not OperationFailedException { Outcome: OperationOutcome.EngineUnavailable })
        {
            // A cancelled stream can surface as an I/O error rather than a cancellation: it is still a cancel.
            ct.ThrowIfCancellationRequested();
            throw RegistryErrors.Classify(DockerErrorTranslator.Translate(ex, connection.Endpoint)?.Message ?? ex.Message, job.Snapshot.Reference, ex);
        }
        finally
        {
            progress.Complete();
            await consumer.ConfigureAwait(false);
        }

        if (job.StreamError is { } error)
        {
            throw RegistryErrors.Classify(error, job.Snapshot.Reference, null);
        }
    }
}
