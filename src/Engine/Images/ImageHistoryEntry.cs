namespace Portal.Engine.Images;

/// <summary>One layer of an image's history: the instruction that made it and what it added.</summary>
/// <param name="Id">Layer image id, or <c>&lt;missing&gt;</c> for layers built elsewhere.</param>
/// <param name="CreatedAt">When the layer was made (UTC).</param>
/// <param name="CreatedBy">The instruction that made it.</param>
/// <param name="Size">Bytes the layer adds.</param>
/// <param name="Comment">The builder's comment, often empty.</param>
public sealed record ImageHistoryEntry(string Id, DateTime CreatedAt, string CreatedBy, long Size, string Comment);
