using Portal.Engine.Images.Jobs;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Images;

/// <summary>Long image operations (pull, push) that run as background jobs with per-layer progress.</summary>
/// <remarks>
/// A job keeps running when the page or request that started it goes away; it stops only when
/// cancelled through <see cref="Cancel"/>. The job reads here are the image kinds' view of the one job system
/// (<see cref="Portal.Engine.Jobs.JobRegistry"/>): a job is visible to its starter, members of its team and admins.
/// </remarks>
public interface IImageTransfers
{
    /// <summary>
    /// Checks the request and starts pulling <paramref name="reference"/>; returns once the job runs.
    /// Refusals (invalid reference, read-only actor) throw here; engine failures end the job as failed.
    /// </summary>
    Task<ImageJobSnapshot> PullAsync(Actor actor, string reference, CancellationToken cancellationToken) =>
        PullAsync(actor, reference, null, cancellationToken);

    /// <summary>
    /// Like <see cref="PullAsync(Actor, string, CancellationToken)"/>, recording <paramref name="team"/>
    /// (or the actor's only operable team when null) in the catalog as the image's owner, since a
    /// pull cannot label an image. The first team to pull an image keeps it.
    /// </summary>
    Task<ImageJobSnapshot> PullAsync(Actor actor, string reference, string? team, CancellationToken cancellationToken);

    /// <summary>
    /// Tags the image for the target registry and starts pushing it (like <c>docker tag</c> + <c>docker push</c>)
    /// with the stored login for that registry, if the actor may use one. Only images the actor may change;
    /// another team's image or registry is not found.
    /// </summary>
    Task<ImageJobSnapshot> PushAsync(Actor actor, string reference, ImagePushRequest request, CancellationToken cancellationToken);

    /// <summary>The image jobs the actor may see, newest first.</summary>
    IReadOnlyList<ImageJobSnapshot> ListJobs(Actor actor);

    /// <summary>One image job, or not-found (also for a job of another kind or one the actor may not see).</summary>
    ImageJobSnapshot GetJob(Actor actor, string id);

    /// <summary>Asks a running image job to stop: its starter, an operator of its team or an admin.</summary>
    void Cancel(Actor actor, string id);

    /// <summary>The job's state now and after each change, until it ends.</summary>
    IAsyncEnumerable<ImageJobSnapshot> WatchAsync(Actor actor, string id, CancellationToken cancellationToken);
}
