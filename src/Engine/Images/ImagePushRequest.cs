namespace Portal.Engine.Images;

/// <summary>Where to push an image.</summary>
/// <param name="RegistryId">A stored registry: its host is put in front of <paramref name="Target"/>. Null: <paramref name="Target"/> names the registry itself.</param>
/// <param name="Target"><c>repository[:tag]</c> (with a registry id) or <c>host[:port]/repository[:tag]</c>.</param>
public sealed record ImagePushRequest(int? RegistryId, string Target);
