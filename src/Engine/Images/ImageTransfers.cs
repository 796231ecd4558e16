using Docker.DotNet.Models;
using Portal.Data.Stores;
using Portal.Engine.Docker;
using Portal.Engine.Images.Catalog;
using Portal.Engine.Images.Jobs;
using Portal.Engine.Jobs;
using Portal.Engine.Pipeline;
using Portal.Engine.Registries;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Images;

/// <summary>Pull and push as background jobs through the pipeline: checks → engine call with progress → audit when it ends.</summary>
public sealed partial class ImageTransfers(
    OperationRunner runner,
    Engines engines,
    JobRegistry jobs,
    ImageAccess access,
    RegistryOperations registries,
    TeamStore teams,
    ImageCatalogSync imageCatalog,
    Portal.Engine.Pipeline.Admission.PolicySettingsCache policy) : IImageTransfers
{
    public Task<ImageJobSnapshot> PullAsync(Actor actor, string reference, string? team, CancellationToken cancellationToken) =>
        StartAsync(actor, JobKinds.Pull, reference?.Trim() ?? "", async (job, ctx, ct) =>
        {
            if (!actor.IsAdmin && !actor.OperableTeams.Any())
            {
                throw OperationFailedException.Forbidden("Viewers cannot pull images; ask an operator of your team.");
            }

            var (repository, tagOrDigest) = ImageReferences.ParsePullReference(job.Reference);
            var owner = await PullTeamAsync(actor, team, ct).ConfigureAwait(false);
            ctx.Team = owner;
            job.Team = owner;
            if (!actor.IsAdmin
                && Portal.Engine.Pipeline.Admission.AllowedImagesRule.CheckImage(job.Reference, await policy.GetAsync(ct).ConfigureAwait(false)) is { } refusal)
            {
                throw Portal.Engine.Pipeline.Admission.AdmissionPolicy.Refuse("allowed-images", refusal);
            }

            // Stored login for the reference's registry when the actor may use one; anonymous otherwise.
            var auth = await registries.AuthForAsync(actor, RegistryHosts.HostOf(repository), owner, ct).ConfigureAwait(false);
            return async (progress, token) =>
            {
                await engines.Current.Client.Images.CreateImageAsync(
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
        var job = new ImageJob(jobs.Create(kind, reference, actor));
        await jobs.StartCheckedAsync(job.Job, (register, token) => runner.RunAsync(actor, "image." + kind, job.Reference, async (ctx, ct) =>
        {
            var call = await prepare(job, ctx, ct).ConfigureAwait(false);
            register();
            await RunWithProgressAsync(job, call, ct).ConfigureAwait(false);
            ctx.Detail = job.Job.Snapshot.Status;
        }, token), cancellationToken).ConfigureAwait(false);
        return job.Snapshot;
    }

    public IReadOnlyList<ImageJobSnapshot> ListJobs(Actor actor) => [.. jobs.List(actor, JobKinds.IsImage).Select(ImageJobSnapshot.From)];

    public ImageJobSnapshot GetJob(Actor actor, string id) => ImageJobSnapshot.From(jobs.Get(actor, id, JobKinds.IsImage).Snapshot);

    public void Cancel(Actor actor, string id) => jobs.Cancel(actor, id, JobKinds.IsImage);

    public IAsyncEnumerable<ImageJobSnapshot> WatchAsync(Actor actor, string id, CancellationToken cancellationToken) =>
        jobs.WatchAsync(actor, id, cancellationToken, JobKinds.IsImage).Select(ImageJobSnapshot.From);

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
            throw RegistryErrors.Classify(DockerErrorTranslator.Translate(ex, engines.Current.Endpoint)?.Message ?? ex.Message, job.Reference, ex);
        }
        finally
        {
            progress.Complete();
            await consumer.ConfigureAwait(false);
        }

        if (job.StreamError is { } error)
        {
            throw RegistryErrors.Classify(error, job.Reference, null);
        }
    }
}
