using System.Net;
using System.Threading.Channels;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Options;
using Portal.Data.Stores;
using Portal.Engine.Configuration;
using Portal.Engine.Docker;
using Portal.Engine.Images.Build;
using Portal.Engine.Images.Catalog;
using Portal.Engine.Images.Jobs;
using Portal.Engine.Pipeline;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Images;

/// <summary>
/// Build as a background job through the pipeline: team and options checks → context read and
/// sanitized into a temp tar (while the request is still open) → engine build with the log
/// streamed into the job → audit as <c>image.build</c> when it ends.
/// </summary>
public sealed class ImageBuilds(OperationRunner runner, EngineConnection connection, ImageJobRegistry jobs, TeamStore teams,
    ImageCatalogSync imageCatalog, IOptions<EngineOptions> options, TimeProvider time) : IImageBuilds
{
    /// <summary>The admission rule that keeps non-admin builds off the host's namespaces (same name as for containers).</summary>
    public const string HostNetworkRule = "no-host-namespaces";

    public async Task<ImageJobSnapshot> BuildAsync(Actor actor, ImageBuildRequest request, Stream? archive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tags = request.Tags.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).ToList();
        var job = new ImageJob("build", tags.FirstOrDefault() ?? "(untagged)", actor, time);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The run is owned by the job, not the request: the build goes on when the caller leaves.
        var run = Task.Run(() => runner.RunAsync(actor, "image.build", job.Snapshot.Reference, async (ctx, ct) =>
        {
            var team = await OwningTeam.ResolveAsync(actor, request.Team, teams, "image", ct).ConfigureAwait(false);
            ctx.Team = team;
            job.Team = team;
            var parameters = await CheckAsync(actor, request, tags, team, ct).ConfigureAwait(false);
            using var context = await PrepareAsync(request, archive, cancellationToken, ct).ConfigureAwait(false);
            jobs.Add(job);
            started.TrySetResult();
            try
            {
                await BuildCoreAsync(job, parameters, context, ct).ConfigureAwait(false);
            }
            finally
            {
                // Built (or, after a failure, left-over) images show in the list at once.
                await imageCatalog.RefreshAfterChangeAsync(CancellationToken.None).ConfigureAwait(false);
            }

            ctx.Detail = job.Snapshot.ImageId is { } id ? $"built {ImageReferences.ShortId(id)}" : job.Snapshot.Status;
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
            // Refused before the build started: surface the refusal to the caller.
            await run.ConfigureAwait(false);
        }

        return job.Snapshot;
    }

    private async Task<ImageBuildParameters> CheckAsync(Actor actor, ImageBuildRequest request, List<string> tags, string? team, CancellationToken ct)
    {
        var network = string.IsNullOrWhiteSpace(request.NetworkMode) ? null : request.NetworkMode.Trim();
        if (!actor.IsAdmin && network is not null && (network == "host" || network.StartsWith("container:", StringComparison.Ordinal)))
        {
            throw new OperationFailedException(OperationOutcome.Forbidden,
                $"Refused by rule '{HostNetworkRule}': a build on network '{network}' would reach the host; only administrators may.") { Rule = HostNetworkRule };
        }

        var names = new List<string>();
        foreach (var tag in tags)
        {
            var (repository, name) = ImageReferences.ParseTagTarget(tag);
            names.Add($"{repository}:{name}");
            await EnsureTagFreeAsync(actor, $"{repository}:{name}", ct).ConfigureAwait(false);
        }

        return new ImageBuildParameters
        {
            Tags = names,
            BuildArgs = request.BuildArgs.ToDictionary(kv => kv.Key, kv => kv.Value),
            Target = string.IsNullOrWhiteSpace(request.Target) ? null : request.Target.Trim(),
            Dockerfile = ContextEntryCheck.CleanName(string.IsNullOrWhiteSpace(request.Dockerfile) ? "Dockerfile" : request.Dockerfile),
            NoCache = request.NoCache,
            Pull = request.Pull ? "1" : null,
            Labels = OwningTeam.Labels(ObjectLabels.Validate(request.Labels), team, actor.UserName),
            NetworkMode = network,
            // The engine reads cachefrom as one JSON array; the client would send each image as its own value.
            CacheFrom = request.CacheFrom.Count > 0 ? [System.Text.Json.JsonSerializer.Serialize(request.CacheFrom)] : null,
            ExtraHosts = request.ExtraHosts.Count > 0 ? [.. request.ExtraHosts] : null,
            ShmSize = request.ShmSize > 0 ? request.ShmSize : null,
            Remove = true,
            ForceRemove = true,
        };
    }

    /// <summary>A build tag moves the name off any image holding it: refused when that image is one the actor may not change.</summary>
    private async Task EnsureTagFreeAsync(Actor actor, string tag, CancellationToken ct)
    {
        ImageInspectResponse current;
        try
        {
            current = await connection.Client.Images.InspectImageAsync(tag, ct).ConfigureAwait(false);
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return;
        }

        var owner = ImageAccess.TeamOf(current.Config?.Labels);
        if (!(owner is null ? actor.IsAdmin : actor.CanOperate(owner)))
        {
            throw OperationFailedException.Conflict($"'{tag}' already names another image that you may not change; choose another tag.");
        }
    }

    private Task<PreparedContext> PrepareAsync(ImageBuildRequest request, Stream? archive, CancellationToken requestToken, CancellationToken jobToken)
    {
        var limit = options.Value.MaxBuildContextBytes;
        // The upload belongs to the request: reading it stops when either the request or the job is cancelled.
        var linked = CancellationTokenSource.CreateLinkedTokenSource(requestToken, jobToken);
        var task = archive is not null
            ? BuildContextWriter.FromArchiveAsync(archive, request.Dockerfile ?? "", limit, linked.Token)
            : request.DockerfileText is { } text
                ? BuildContextWriter.FromDockerfileAsync(text, request.Dockerfile ?? "", request.Files, limit, linked.Token)
                : throw OperationFailedException.Invalid("Give a context archive or a Dockerfile.");
        return task.ContinueWith(t =>
        {
            linked.Dispose();
            return t;
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).Unwrap();
    }

    private async Task BuildCoreAsync(ImageJob job, ImageBuildParameters parameters, PreparedContext context, CancellationToken ct)
    {
        // Log messages arrive on the client's reader thread; a channel hands them to one consumer in order.
        var channel = Channel.CreateUnbounded<JSONMessage>(new UnboundedChannelOptions { SingleReader = true });
        var consumer = Task.Run(async () =>
        {
            await foreach (var message in channel.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                job.ApplyBuild(message);
            }
        }, CancellationToken.None);
        try
        {
            var tar = context.OpenRead();
            await using (tar.ConfigureAwait(false))
            {
                await connection.Client.Images.BuildImageFromDockerfileAsync(parameters, tar, [], new Dictionary<string, string>(),
                    new ChannelProgress<JSONMessage>(channel.Writer), ct).ConfigureAwait(false);
            }
        }
        finally
        {
            channel.Writer.TryComplete();
            await consumer.ConfigureAwait(false);
        }

        if (job.StreamError is { } error)
        {
            var step = job.Snapshot.FailedStep;
            throw new OperationFailedException(OperationOutcome.Invalid, step is null ? $"The build failed: {error}" : $"The build failed at {step}: {error}");
        }
    }
}
