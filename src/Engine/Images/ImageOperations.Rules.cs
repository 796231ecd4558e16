using Docker.DotNet.Models;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Images;

/// <summary>The checks tag and remove make before they call the engine.</summary>
public sealed partial class ImageOperations
{
    private async Task<(ResolvedImage Image, ImageInspectResponse Inspect)> ResolveForChangeAsync(OperationContext ctx, string reference, CancellationToken ct)
    {
        var resolved = await access.ResolveAsync(ctx.Actor, reference, write: true, ct).ConfigureAwait(false);
        ctx.Target = resolved.Image.Tags.FirstOrDefault() ?? ImageReferences.ShortId(resolved.Image.Id);
        ctx.Team = resolved.Image.Team;
        return resolved;
    }

    /// <summary>
    /// Refuses to remove an image containers use, naming the containers the actor may see and
    /// only counting the others; force is allowed when the actor may change every one of them.
    /// </summary>
    private static void EnsureRemovable(IReadOnlyList<ContainerUse> uses, bool force)
    {
        if (uses.Count == 0)
        {
            return;
        }

        if (force && uses.All(u => u.Operable))
        {
            return;
        }

        var named = uses.Where(u => u.Visible).Select(u => u.Name).Order(StringComparer.Ordinal).ToList();
        var hidden = uses.Count - named.Count;
        var parts = new List<string>();
        if (named.Count > 0)
        {
            parts.Add(string.Join(", ", named));
        }

        if (hidden > 0)
        {
            parts.Add(hidden == 1 ? "1 container of another team" : $"{hidden} containers of other teams");
        }

        var what = $"The image is used by {string.Join(" and ", parts)}";
        throw OperationFailedException.Conflict(force
            ? what + "; you may not force its removal because you cannot change all of them."
            : what + "; remove those containers first, or force the removal.");
    }

    /// <summary>True when <paramref name="reference"/> names one of <paramref name="tags"/> (":latest" implied).</summary>
    private static bool IsOneOfTags(string reference, IReadOnlyList<string> tags)
    {
        var text = reference.Trim();
        var withTag = text.LastIndexOf(':') > text.LastIndexOf('/') ? text : text + ":latest";
        return tags.Contains(withTag, StringComparer.Ordinal);
    }
}
