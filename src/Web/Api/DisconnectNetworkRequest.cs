namespace Portal.Web.Api;

/// <summary>Body of the disconnect call.</summary>
public sealed record DisconnectNetworkRequest(string Container, bool Force = false);
