namespace Portal.Web.Api;

/// <summary>Body of the tag call: the new reference, <c>repository[:tag]</c>.</summary>
public sealed record TagImageRequest(string Target);
