namespace Portal.Engine.Quotas;

/// <summary>A team's limits and its current use, for the usage panel and <c>GET /api/v1/teams/{team}/quota</c>.</summary>
public sealed record TeamQuotaView(string Team, TeamQuotaLimits Limits, TeamUsage Usage);
