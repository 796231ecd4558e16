namespace Portal.Web.Api;

/// <summary>Body of the pull call: <c>name</c>, <c>name:tag</c> or <c>host:port/name@sha256:…</c>, and optionally the team that will own the pulled image.</summary>
public sealed record PullImageRequest(string Reference, string? Team = null);
