namespace Portal.Engine.Images;

/// <summary>What <c>docker rmi</c> did: tags removed and image ids deleted.</summary>
public sealed record ImageRemoveResult(IReadOnlyList<string> Untagged, IReadOnlyList<string> Deleted);
