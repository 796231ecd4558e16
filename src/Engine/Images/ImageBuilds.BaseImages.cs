using Docker.DotNet.Models;
using Portal.Engine.Images.Build;
using Portal.Engine.Pipeline;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Images;

/// <summary>
/// A non-admin builds only from images it may use: every image the Dockerfile names (each FROM, COPY --from,
/// ONBUILD COPY --from and the ONBUILD triggers of its bases) and every cacheFrom image must be on the engine and
/// not another team's private one. Both cases are refused with the same words, before the engine builds anything;
/// so the engine never pulls a base image on its own, past the allowed-images policy and the pull audit.
/// </summary>
public sealed partial class ImageBuilds
{
    /// <summary>The check of a Dockerfile's text for <paramref name="actor"/>; null for an administrator, who may build from any image.</summary>
    private Func<string, CancellationToken, Task>? DockerfileCheck(Actor actor, ImageBuildRequest request) =>
        actor.IsAdmin ? null : (text, ct) => CheckDockerfileAsync(actor, text, request.BuildArgs, ct);

    private async Task CheckDockerfileAsync(Actor actor, string dockerfile, IReadOnlyDictionary<string, string> buildArgs, CancellationToken ct)
    {
        foreach (var use in DockerfileImages.Find(dockerfile, buildArgs))
        {
            var image = await UsableAsync(actor, use, ct).ConfigureAwait(false);
            if (use.Instruction == "FROM")
            {
                foreach (var trigger in DockerfileImages.InTriggers(use, image.Config?.OnBuild))
                {
                    await UsableAsync(actor, trigger, ct).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task CheckCacheFromAsync(Actor actor, IEnumerable<string> cacheFrom, CancellationToken ct)
    {
        if (actor.IsAdmin)
        {
            return;
        }

        foreach (var reference in cacheFrom.Where(r => !string.IsNullOrWhiteSpace(r)))
        {
            if (await access.FindVisibleAsync(actor, reference, ct).ConfigureAwait(false) is null)
            {
                throw OperationFailedException.Invalid($"Cache image '{reference}' (cacheFrom) is not on this engine; pull it first (Images → Pull).", "cacheFrom");
            }
        }
    }

    private async Task<ImageInspectResponse> UsableAsync(Actor actor, DockerfileImageUse use, CancellationToken ct)
    {
        if (use.Reference is not { } reference)
        {
            throw OperationFailedException.Invalid($"The image named by {use.Instruction} (Dockerfile line {use.Line}) cannot be read: a quote or '${{' is not closed, or a substitution is not one the engine knows.");
        }

        return await access.FindVisibleAsync(actor, reference, ct).ConfigureAwait(false)
            ?? throw OperationFailedException.Invalid(use.Instruction == "FROM"
                ? $"Base image '{reference}' (Dockerfile line {use.Line}) is not on this engine; pull it first (Images → Pull)."
                : $"Image '{reference}' in {use.Instruction} (Dockerfile line {use.Line}) is not on this engine; pull it first (Images → Pull).");
    }
}
