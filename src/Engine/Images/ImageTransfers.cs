using Docker.DotNet.Models;
using Portal.Data.Stores;
using Portal.Engine.Access;
using Portal.Engine.Admission;
using Portal.Engine.Docker;
using Portal.Engine.Events;
using Portal.Engine.Images.Jobs;
using Portal.Engine.Jobs;
using Portal.Engine.Pipeline;
using Portal.Engine.Registries;
using Portal.Engine.Runner;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Images;

/// <summary>Pull and push as background jobs, declared operations: the runner's access and admission → engine call with progress → audit when it ends.</summary>
public sealed partial class ImageTransfers(
    OperationRunner runner,
    Engines engines,
    JobRegistry jobs,
    ImageAccess access,
    RegistryOperations registries,
    TeamStore teams,
    ImageCatalogSync imageCatalog) : IImageTransfers
{
    public Task<ImageJobSnapshot> PullAsync(Actor actor, string reference, string? team, CancellationToken cancellationToken)
    {
        var trimmed = reference?.Trim() ?? "";
        var (repository, tagOrDigest) = ("", "");
        var declaration = new OperationDeclaration("image." + JobKinds.Pull, TargetKind.Image, trimmed)
        {
            Access = async (who, ct) =>
            {
                if (!who.IsAdmin && !who.OperableTeams.Any())
                {
                    throw OperationFailedException.Forbidden("Viewers cannot pull images; ask an operator of your team.");
                }

                (repository, tagOrDigest) = OperationFailedException.AboutField("reference", () => ImageReferences.ParsePullReference(trimmed));
                return new OperationTarget(trimmed, await OwningTeam.ResolveOptionalAsync(who, team, teams, "image", ct).ConfigureAwait(false));
            },
            Admit = OperationDeclaration.One(_ => new ImagePullAdmission(trimmed)),
        };
        return StartAsync(actor, JobKinds.Pull, trimmed, declaration, async (job, op, ct) =>
        {
            var owner = op.Team;
            job.Team = owner;
            // Stored login for the reference's registry when the actor may use one; anonymous otherwise.
            var auth = await registries.AuthForAsync(actor, RegistryHosts.HostOf(repository), owner, ct).ConfigureAwait(false);
            return async (progress, token) =>
            {
                await engines.Current.Client.Images.CreateImageAsync(
                    new ImagesCreateParameters { FromImage = repository, Tag = tagOrDigest }, auth, progress, token).ConfigureAwait(false);
                await RecordPullAsync(repository, tagOrDigest, owner, actor, token).ConfigureAwait(false);
            };
        }, cancellationToken);
    }

    /// <summary>A pull cannot label the image, so the catalog records the team that pulled it.</summary>
    private async Task RecordPullAsync(string repository, string tagOrDigest, string? team, Actor actor, CancellationToken ct)
    {
        var separator = tagOrDigest.Contains(':', StringComparison.Ordinal) ? "@" : ":";
        var pulled = $"{repository}{separator}{tagOrDigest}";
        if (team is null)
        {
            await imageCatalog.RefreshAfterChangeAsync(ct, madeTag: pulled).ConfigureAwait(false);
            return;
        }

        try
        {
            await imageCatalog.RecordPullAsync(pulled, team, actor.UserName, ct).ConfigureAwait(false);
        }
        catch (global::Docker.DotNet.DockerApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // The pull failed inside its stream (the job reports that error); there is nothing to record.
        }
    }

    /// <summary>
    /// Starts a job for a declared operation: the runner's checks, then <paramref name="prepare"/> (the rest of the
    /// checks) returns the engine call; the job is registered (and the caller answered) only once the checks passed.
    /// </summary>
    private async Task<ImageJobSnapshot> StartAsync(Actor actor, string kind, string reference, OperationDeclaration declaration,
        Func<ImageJob, AdmittedOperation, CancellationToken, Task<Func<IProgress<JSONMessage>, CancellationToken, Task>>> prepare, CancellationToken cancellationToken)
    {
        var job = new ImageJob(jobs.Create(kind, reference, actor));
        await jobs.StartCheckedAsync(job.Job, (register, token) => runner.RunAsync(actor, declaration, async (op, ct) =>
        {
            var call = await prepare(job, op, ct).ConfigureAwait(false);
            register();
            await RunWithProgressAsync(job, call, ct).ConfigureAwait(false);
            op.Context.Detail = job.Job.Snapshot.Status;
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
