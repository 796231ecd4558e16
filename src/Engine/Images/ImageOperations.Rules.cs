using Portal.Engine.Access;
using Portal.Engine.Docker;
using Portal.Engine.Pipeline;
using Portal.Engine.Runner;

namespace Portal.Engine.Images;

/// <summary>The checks tag and remove make before they call the engine.</summary>
public sealed partial class ImageOperations
{
    /// <summary>A change to one existing image: access resolves it for writing (its first tag, or short id, and team go to the audit).</summary>
    private OperationDeclaration DeclareChange(string action, string reference, Action<ResolvedImage> resolved) =>
        new(action, TargetKind.Image, reference)
        {
            Access = async (actor, ct) =>
            {
                var (image, _) = await access.ResolveAsync(actor, reference, write: true, ct).ConfigureAwait(false);
                resolved(image);
                return new OperationTarget(image.Tags.FirstOrDefault() ?? ImageReferences.ShortId(image.Id), image.Team);
            },
        };

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
