using Microsoft.Extensions.Diagnostics.HealthChecks;
using Portal.Engine.Docker;

namespace Portal.Web.Diagnostics;

/// <summary>
/// The engine's connection state as its supervisor knows it (no engine call per probe). An engine
/// that is gone makes Portal degraded, not unready: pages, lists and history still answer from the
/// catalog, so a load balancer must keep sending people to it.
/// </summary>
public sealed class EngineHealthCheck(EnvironmentEngine engine) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = engine.Status;
        var data = new Dictionary<string, object>
        {
            ["state"] = status.State.ToString().ToLowerInvariant(),
            ["since"] = status.Since,
        };
        if (status.ApiVersion is { } api)
        {
            data["apiVersion"] = api;
        }

        return Task.FromResult(status.IsConnected
            ? HealthCheckResult.Healthy($"Engine {status.ServerVersion} answers (API {status.ApiVersion}).", data)
            : HealthCheckResult.Degraded(status.Reason ?? "The engine is not connected yet.", data: data));
    }
}
