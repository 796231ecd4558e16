using System.Diagnostics;
using System.Diagnostics.Metrics;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Diagnostics;

/// <summary>
/// The Engine's measurements as .NET meters (no exporter here: the host decides how they leave,
/// Prometheus at <c>/metrics</c> today). Names follow the OpenTelemetry style; exporters turn
/// the meter <c>Portal</c> and instrument <c>engine.operation.duration</c> into <c>portal_engine_operation_duration</c>.
/// </summary>
public static class EngineMetrics
{
    /// <summary>Name of the meter every Portal instrument hangs from.</summary>
    public const string MeterName = "Portal";

    private static readonly Meter s_meter = new(MeterName);

    private static readonly Histogram<double> s_operations = s_meter.CreateHistogram<double>(
        "engine.operation.duration", "s", "Mutations through the pipeline (access, admission, engine call, audit) by action and outcome; failed outcomes count engine errors.");

    private static readonly Histogram<double> s_catalogLag = s_meter.CreateHistogram<double>(
        "catalog.lag", "s", "From an engine event to its catalog write.");

    private static readonly Counter<long> s_resyncs = s_meter.CreateCounter<long>(
        "catalog.resyncs", description: "Full catalog resyncs (at start and after the engine came back).");

    /// <summary>Records one pipeline operation that started at <paramref name="startedTimestamp"/> (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public static void RecordOperation(string action, OperationOutcome outcome, long startedTimestamp) =>
        s_operations.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds,
            new KeyValuePair<string, object?>("action", action),
            new KeyValuePair<string, object?>("outcome", OutcomeNames.Of(outcome)));

    /// <summary>Records how long the oldest event of a batch waited for its catalog write.</summary>
    public static void RecordCatalogLag(TimeSpan lag) => s_catalogLag.Record(Math.Max(0, lag.TotalSeconds));

    /// <summary>Counts one completed full resync.</summary>
    public static void RecordResync() => s_resyncs.Add(1);
}
