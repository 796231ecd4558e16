using System.Diagnostics.Metrics;
using Portal.Engine.Diagnostics;
using Portal.Engine.Docker;
using Portal.Engine.Jobs;
using Portal.Engine.Logs;
using Portal.Web.Hubs;

namespace Portal.Web.Diagnostics;

/// <summary>
/// Gauges read from the singletons that already count things, taken when a scrape asks: open log
/// streams, terminal sessions, jobs by kind and state, the engine's connection. Nothing is counted twice.
/// </summary>
/// <remarks>The meter comes from the host's factory, so a host that stops (tests start several) takes its gauges with it.</remarks>
public static class PortalMeters
{
    /// <summary>Creates the gauges on a meter owned by the host's <see cref="IMeterFactory"/>.</summary>
    public static void Register(IServiceProvider services)
    {
        var meters = services.GetRequiredService<IMeterFactory>();
        var logs = services.GetRequiredService<LogBroker>();
        var exec = services.GetRequiredService<ExecSessionRegistry>();
        var jobs = services.GetRequiredService<JobRegistry>();
        var engines = services.GetRequiredService<Engines>();
        var meter = meters.Create(EngineMetrics.MeterName);
        _ = meter.CreateObservableGauge("logs.watched_containers", () => logs.WatchedContainers,
            description: "Containers with an engine log follow-stream open now (one per container, however many viewers).");
        _ = meter.CreateObservableCounter("logs.engine_streams", () => logs.EngineStreamsStarted,
            description: "Engine log follow-streams opened since start.");
        _ = meter.CreateObservableGauge("exec.sessions", () => exec.Count,
            description: "Terminal sessions open now.");
        _ = meter.CreateObservableGauge("jobs", () => jobs.Census()
            .Select(c => new Measurement<int>(c.Count, new KeyValuePair<string, object?>("kind", c.Kind), new KeyValuePair<string, object?>("state", c.State.ToString().ToLowerInvariant()))),
            description: "Jobs kept by the job system (running and recently finished) by kind and state.");
        _ = meter.CreateObservableGauge("engine.connected", () => engines.All.Select(e => new Measurement<int>(e.Status.IsConnected ? 1 : 0, new KeyValuePair<string, object?>("environment", e.Name))),
            description: "1 while the environment's engine answers, else 0.");
    }
}
