using Docker.DotNet.Models;
using Portal.Engine.Access;
using Portal.Engine.Admission;
using Portal.Engine.Docker;
using Portal.Engine.Images.Jobs;
using Portal.Engine.Pipeline;
using Portal.Engine.Registries;
using Portal.Engine.Runner;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Images;

/// <summary>Push: tag the image for the registry, then push it with the stored login as a job.</summary>
public sealed partial class ImageTransfers
{
    /// <summary>The push request's field names (<see cref="ImagePushRequest"/> as JSON), for refusals about one of them.</summary>
    private const string Target = "target", RegistryId = "registryId";

    public Task<ImageJobSnapshot> PushAsync(Actor actor, string reference, ImagePushRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // The job is known by what it pushes to; the source image goes into the audit detail.
        var target = request.Target?.Trim() ?? "";
        ResolvedImage? image = null;
        var declaration = new OperationDeclaration("image.push", TargetKind.Image, target)
        {
            // Pushing publishes the image: only those who may change it (its team's operators; admins for any).
            Access = async (who, ct) =>
            {
                (image, _) = await access.ResolveAsync(who, reference, write: true, ct).ConfigureAwait(false);
                return new OperationTarget(target, image.Team);
            },
            Admit = OperationDeclaration.One(_ => new ImagePushAdmission(reference, target)),
        };
        return StartAsync(actor, "push", target, declaration, async (job, op, ct) =>
        {
            var ctx = op.Context;
            job.Team = image!.Team;
            var destination = target;
            Portal.Data.Entities.RegistryCredential? chosen = null;
            if (request.RegistryId is { } registryId)
            {
                chosen = await FindRegistryAsync(actor, registryId, ct).ConfigureAwait(false);
                destination = $"{chosen.Host}/{destination}";
            }

            var (repository, tag) = OperationFailedException.AboutField(Target, () => ImageReferences.ParseTagTarget(destination));
            var host = RegistryHosts.HostOf(repository);
            await access.EnsureTagFreeAsync(actor, $"{repository}:{tag}", image.Id, Target, ct).ConfigureAwait(false);
            await engines.Current.Client.Images.TagImageAsync(image.Id, new ImageTagParameters { RepositoryName = repository, Tag = tag }, ct).ConfigureAwait(false);
            ctx.Target = $"{repository}:{tag}";
            job.Rename(ctx.Target);
            // The registry asked for pushes with its own login, not another one for the same host.
            var auth = chosen is not null ? registries.LoginOf(chosen) : await registries.AuthForAsync(actor, host, image.Team, ct).ConfigureAwait(false);
            return async (progress, token) => await engines.Current.Client.Images.PushImageAsync(
                repository, new ImagePushParameters { Tag = tag }, auth, progress, token).ConfigureAwait(false);
        }, cancellationToken);
    }

    private async Task<Portal.Data.Entities.RegistryCredential> FindRegistryAsync(Actor actor, int registryId, CancellationToken ct)
    {
        try
        {
            return await registries.FindAsync(actor, registryId, ct).ConfigureAwait(false);
        }
        catch (OperationFailedException ex)
        {
            throw ex.AtField(RegistryId);
        }
    }
}
