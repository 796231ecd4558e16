using Microsoft.Extensions.Diagnostics.HealthChecks;
using Portal.Engine.Diagnostics;

namespace Portal.Web.Diagnostics;

/// <summary>Ready when the SQLite file answers a query against Portal's own schema (not merely opens).</summary>
public sealed class DatabaseHealthCheck(DatabaseProbe probe) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await probe.ProblemAsync(cancellationToken) is { } problem
            ? HealthCheckResult.Unhealthy("The database does not answer: " + problem)
            : HealthCheckResult.Healthy("The database answers.");
}
