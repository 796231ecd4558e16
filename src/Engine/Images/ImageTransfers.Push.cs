using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Portal.Engine.Images.Jobs;
using Portal.Engine.Pipeline;
using Portal.Engine.Registries;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Images;

/// <summary>Push: tag the image for the registry, then push it with the stored login as a job.</summary>
public sealed partial class ImageTransfers
{
    public Task<ImageJobSnapshot> PushAsync(Actor actor, string reference, ImagePushRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // The job is known by what it pushes to; the source image goes into the audit detail.
        return StartAsync(actor, "push", request.Target?.Trim() ?? "", async (job, ctx, ct) =>
        {
            // Pushing publishes the image: only those who may change it (its team's operators; admins for any).
            var (image, _) = await access.ResolveAsync(actor, reference, write: true, ct).ConfigureAwait(false);
            ctx.Team = image.Team;
            job.Team = image.Team;
            var target = request.Target?.Trim() ?? "";
            if (request.RegistryId is { } registryId)
            {
                var registry = await registries.FindAsync(actor, registryId, ct).ConfigureAwait(false);
                target = $"{registry.Host}/{target}";
            }

            var (repository, tag) = ImageReferences.ParseTagTarget(target);
            var host = RegistryHosts.HostOf(repository);
            await EnsurePushTargetFreeAsync(actor, image.Id, $"{repository}:{tag}", ct).ConfigureAwait(false);
            await connection.Client.Images.TagImageAsync(image.Id, new ImageTagParameters { RepositoryName = repository, Tag = tag }, ct).ConfigureAwait(false);
            ctx.Target = $"{repository}:{tag}";
            job.Rename(ctx.Target);
            var auth = await registries.AuthForAsync(actor, host, ct).ConfigureAwait(false);
            return async (progress, token) => await connection.Client.Images.PushImageAsync(
                repository, new ImagePushParameters { Tag = tag }, auth, progress, token).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>Tagging for the push must not move a tag off an image someone else owns.</summary>
    private async Task EnsurePushTargetFreeAsync(Actor actor, string imageId, string target, CancellationToken ct)
    {
        try
        {
            var current = await connection.Client.Images.InspectImageAsync(target, ct).ConfigureAwait(false);
            var team = ImageAccess.TeamOf(current.Config?.Labels);
            if (current.ID != imageId && !(team is null ? actor.IsAdmin : actor.CanOperate(team)))
            {
                throw OperationFailedException.Conflict($"'{target}' already names another image that you may not change; choose another tag.");
            }
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            // Free: the tag is new.
        }
    }
}
