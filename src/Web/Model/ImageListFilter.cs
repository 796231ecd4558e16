using Portal.Engine.Images;

namespace Portal.Web.Model;

/// <summary>What the images page shows; it round-trips through the URL so a view can be bookmarked or shared.</summary>
public sealed record ImageListFilter
{
    public static ImageListFilter Default { get; } = new();

    /// <summary>"dangling", "tagged" or null for both.</summary>
    public string? Dangling { get; init; }

    /// <summary>"used", "unused" or null for both.</summary>
    public string? Usage { get; init; }

    /// <summary>Substring of a tag, the id or the team.</summary>
    public string? Text { get; init; }

    /// <summary>Builds a filter from query values, dropping anything the page does not understand.</summary>
    public static ImageListFilter From(string? dangling, string? usage, string? text) => new()
    {
        Dangling = dangling is "dangling" or "tagged" ? dangling : null,
        Usage = usage is "used" or "unused" ? usage : null,
        Text = string.IsNullOrWhiteSpace(text) ? null : text.Trim(),
    };

    public ImageListRequest ToRequest() => new()
    {
        Dangling = Dangling switch { "dangling" => true, "tagged" => false, _ => null },
        InUse = Usage switch { "used" => true, "unused" => false, _ => null },
        Text = Text,
    };
}
