using Portal.Engine.Docker;

namespace Portal.Engine.Images;

/// <summary>One row of the images list, like a line of <c>docker images</c>.</summary>
/// <param name="Id">Full image id (<c>sha256:…</c>).</param>
/// <param name="Tags">Repository tags; empty for a dangling image.</param>
/// <param name="Size">Bytes on disk, shared layers included.</param>
/// <param name="CreatedAt">When the image was made (UTC).</param>
/// <param name="Containers">Containers using the image that the actor may see.</param>
/// <param name="InUse">True when a container the actor may see uses the image (admins: any container); another team's containers never set it.</param>
/// <param name="Team">Owning team: the <c>io.portal.team</c> label (built images), else the team that pulled it; null when no team owns it.</param>
/// <param name="Environment">The environment whose engine holds the image (lists across environments show it).</param>
public sealed record ImageSummary(
    string Id,
    IReadOnlyList<string> Tags,
    long Size,
    DateTime CreatedAt,
    int Containers,
    bool InUse,
    string? Team,
    string? Environment = null)
{
    /// <summary>The 12-character id the CLI shows, without the digest algorithm.</summary>
    public string ShortId => ImageReferences.ShortId(Id);

    /// <summary>True when no tag names the image.</summary>
    public bool Dangling => Tags.Count == 0;

    /// <summary>The first tag, or the short id for a dangling image.</summary>
    public string DisplayName => Tags.Count > 0 ? Tags[0] : ShortId;
}
