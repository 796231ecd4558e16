using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Portal.Engine.Docker;
using Portal.Web.Configuration;
using Prometheus;

namespace Portal.Web.Diagnostics;

/// <summary>
/// <c>/healthz</c> (the process answers), <c>/readyz</c> (the database answers; each environment's
/// engine state, which degrades but never unreadies) and Prometheus metrics at <c>/metrics</c>,
/// open to loopback callers and to anyone with the metrics token. None of them needs a sign-in.
/// </summary>
public static class HealthAndMetrics
{
    public const string Live = "/healthz";

    public const string Ready = "/readyz";

    public const string Metrics = "/metrics";

    private const string ReadyTag = "ready";

    public static IServiceCollection AddPortalHealth(this IServiceCollection services)
    {
        services.AddSingleton<Portal.Engine.Diagnostics.DatabaseProbe>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag])
            // One check per environment, "engine:NAME"; the local one (listed first) exists from the start (environments added
            // at run time are reported by issue 17's supervisors).
            .Add(new HealthCheckRegistration("engine:local", sp => new EngineHealthCheck(sp.GetRequiredService<Engines>().All[0]), null, [ReadyTag]));
        return services;
    }

    /// <summary>Request counts and latencies by route; sits early so it sees the final status of every request.</summary>
    public static IApplicationBuilder UsePortalRequestMetrics(this IApplicationBuilder app) =>
        app.UseHttpMetrics(o => o.ReduceStatusCodeCardinality());

    public static WebApplication MapPortalHealth(this WebApplication app)
    {
        PortalMeters.Register(app.Services);
        app.MapHealthChecks(Live, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks(Ready, new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync });
        app.UseWhen(http => http.Request.Path.StartsWithSegments(Metrics), branch => branch.Use(async (http, next) =>
        {
            if (!MayScrape(http))
            {
                // Like any unknown address: a scraper without access learns nothing.
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            await next(http);
        }));
        app.MapMetrics(Metrics);
        return app;
    }

    /// <summary>Loopback callers, or a bearer token equal to <c>PORTAL_METRICS_TOKEN</c> when one is set.</summary>
    private static bool MayScrape(HttpContext http)
    {
        if (http.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote))
        {
            return true;
        }

        var token = http.RequestServices.GetRequiredService<WebOptions>().MetricsToken;
        var header = http.Request.Headers.Authorization.ToString();
        const string Bearer = "Bearer ";
        return !string.IsNullOrEmpty(token)
            && header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[Bearer.Length..].Trim()), Encoding.UTF8.GetBytes(token));
    }

    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        return JsonSerializer.SerializeAsync(http.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                data = e.Value.Data.Count == 0 ? null : e.Value.Data,
            }),
        }, JsonSerializerOptions.Web, http.RequestAborted);
    }
}
