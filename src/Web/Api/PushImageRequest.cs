namespace Portal.Web.Api;

/// <summary>Body of the push call: a stored registry id and <c>repository[:tag]</c>, or no id and <c>host[:port]/repository[:tag]</c>.</summary>
public sealed record PushImageRequest(int? RegistryId, string? Target);
