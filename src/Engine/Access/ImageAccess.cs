using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Portal.Data.Stores;
using Portal.Engine.Docker;
using Portal.Engine.Labels;
using Portal.Engine.Pipeline;

using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Access;

/// <summary>
/// The access step for images: finds the image and decides whether the actor may see or change
/// it. Another team's image is reported exactly like a missing one.
/// </summary>
/// <remarks>
/// The <c>io.portal.team</c> label owns and hides an image (a build). A pull cannot label, so the
/// catalog records the pulling team: it owns the image (tag, push, remove) without hiding it.
/// </remarks>
public sealed class ImageAccess(Engines engines, CatalogImageStore catalog)
{
    /// <summary>The owning team an image's labels name, or null when no team owns it.</summary>
    public static string? TeamOf(IDictionary<string, string>? labels) =>
        labels is not null && labels.TryGetValue(PortalLabels.Team, out var team) && team.Length > 0 ? team : null;

    /// <summary>True when the actor may see (and run) an image owned by <paramref name="team"/>.</summary>
    public static bool CanSee(Actor actor, string? team) => team is null || actor.CanSee(team);

    /// <summary>The refusal for using an image the actor has no access to: the same words whether the engine lacks it or it is another team's.</summary>
    public static OperationFailedException NotOnEngine(string reference) =>
        OperationFailedException.Invalid($"Image '{reference}' is not on this engine; pull it first.");

    /// <summary>
    /// The one lookup for using an image (run, compose, build bases): <paramref name="reference"/> as a tag,
    /// digest, full or short id, or null when the engine has no such image or it is another team's private
    /// one. Callers must treat null as "missing" and nothing else, so the two cannot be told apart.
    /// </summary>
    public async Task<ImageInspectResponse?> FindVisibleAsync(Actor actor, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var inspect = await InspectAsync(reference, cancellationToken).ConfigureAwait(false);
        return inspect is not null && CanSee(actor, TeamOf(inspect.Config?.Labels)) ? inspect : null;
    }

    /// <summary>Inspects <paramref name="reference"/> for <paramref name="actor"/>, or throws not-found / forbidden.</summary>
    public async Task<(ResolvedImage Image, ImageInspectResponse Inspect)> ResolveAsync(Actor actor, string reference, bool write, CancellationToken cancellationToken)
    {
        var inspect = await FindVisibleAsync(actor, reference, cancellationToken).ConfigureAwait(false)
            ?? throw OperationFailedException.NotFound("image", reference);
        var labels = inspect.Config?.Labels is { } l ? new Dictionary<string, string>(l) : [];
        var team = TeamOf(labels);

        // The label hides and owns; a pulling team only owns.
        var row = await catalog.FindAsync(engines.Current.Id, inspect.ID, cancellationToken).ConfigureAwait(false);
        team ??= row?.PulledByTeam;
        if (write)
        {
            if (team is null && !actor.IsAdmin)
            {
                throw OperationFailedException.Forbidden("No team owns this image; only administrators change it.");
            }

            if (!actor.CanOperate(team))
            {
                throw OperationFailedException.Forbidden(actor.ReadOnly
                    ? "This access token is read-only."
                    : $"You have read-only access to team '{team}'.");
            }
        }

        // In the catalog's order, so the page names the image by the tag pulled or built, as the list does.
        var live = (inspect.RepoTags ?? []).Where(t => !ImageReferences.IsNoneTag(t)).ToList();
        var tags = CatalogImageStore.OrderTags(row?.Tags ?? "", live).ToList();
        return (new ResolvedImage(inspect.ID, tags, team, labels), inspect);
    }

    /// <summary>
    /// Refuses to let <paramref name="tag"/> move to another image when it already names an image,
    /// other than <paramref name="imageId"/>, that the actor may not change. Moving a tag changes the
    /// image it leaves, so only those who may change that image may do it. The refusal is the one
    /// "name taken" answer whether the holder is invisible to the actor or only not theirs to change.
    /// </summary>
    /// <param name="actor">Who tags (tag, push or build).</param>
    /// <param name="tag">The full <c>repository:tag</c>.</param>
    /// <param name="imageId">The image the tag will name; null for a build's image, which does not exist yet.</param>
    /// <param name="field">The request field that holds the tag (<c>target</c>, <c>tags[0]</c>), named in the refusal.</param>
    /// <param name="cancellationToken">Cancels the inspect.</param>
    public async Task EnsureTagFreeAsync(Actor actor, string tag, string? imageId, string field, CancellationToken cancellationToken)
    {
        if (await InspectAsync(tag, cancellationToken).ConfigureAwait(false) is not { } current || current.ID == imageId)
        {
            return;
        }

        try
        {
            await ResolveAsync(actor, tag, write: true, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationFailedException ex) when (ex.Outcome is OperationOutcome.NotFound or OperationOutcome.Forbidden)
        {
            throw OperationFailedException.NameTaken("image", tag, field);
        }
    }

    private async Task<ImageInspectResponse?> InspectAsync(string reference, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            return null;
        }

        try
        {
            return await engines.Current.Client.Images.InspectImageAsync(reference.Trim(), cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException ex) when (ex.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest)
        {
            // 400 is the engine's answer to a malformed reference: to the actor it names nothing.
            return null;
        }
    }
}
