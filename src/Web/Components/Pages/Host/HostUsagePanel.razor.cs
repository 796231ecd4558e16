using Microsoft.AspNetCore.Components;
using Portal.Engine.Docker;
using Portal.Engine.Overview;
using Portal.Engine.Stats;
using Portal.Web.Components.Controls;
using Portal.Web.Model;
using Portal.Web.Utils;

namespace Portal.Web.Components.Pages.Host;

/// <summary>
/// The Host page's live charts (engine-wide CPU, memory, disk) and the busiest containers. The series are kept in the
/// Engine per environment, so opening the page shows the last 15 minutes at once; the page only holds a watch.
/// </summary>
public sealed partial class HostUsagePanel : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private HostUsage? _usage;
    private EngineUsagePoint? _lastUsage;
    private DiskUsagePoint? _lastDisk;
    private IReadOnlyList<ChartPoint> _cpu = [];
    private IReadOnlyList<ChartPoint> _memory = [];
    private IReadOnlyList<ChartPoint> _disk = [];

    /// <summary>The engine's CPUs: 100 % on the CPU chart means all of them busy.</summary>
    [Parameter, EditorRequired] public int Cpus { get; set; }

    /// <summary>The engine's memory in bytes.</summary>
    [Parameter, EditorRequired] public ulong MemoryTotal { get; set; }

    [Inject] public required HostUsageReader Reader { get; init; }

    [Inject] public required CurrentActor CurrentActor { get; init; }

    [Inject] public required ILogger<HostUsagePanel> Logger { get; init; }

    private IEnumerable<(string Key, string Title, IReadOnlyList<ContainerStats> Items, Func<StatsSample, string> Figure)> TopLists =>
    [
        ("cpu", "Top containers by CPU", _usage?.TopCpu ?? [], s => StatsFormat.Percent(s.CpuPercent)),
        ("memory", "Top containers by memory", _usage?.TopMemory ?? [], s => StatsFormat.Bytes(s.MemoryUsed)),
    ];

    protected override async Task OnInitializedAsync()
    {
        var actor = await CurrentActor.GetAsync(_cts.Token);
        var token = _cts.Token;
        // The watch runs off the render thread (the environment scope flows with it); each pass re-renders once.
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var usage in Reader.WatchAsync(actor, token))
                {
                    await InvokeAsync(() =>
                    {
                        Show(usage);
                        StateHasChanged();
                    });
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                Logger.LogWarning(ex, "Host usage stopped");
            }
        }, CancellationToken.None);
    }

    /// <summary>Turns the Engine's series into chart points (CPU as a share of all the engine's CPUs).</summary>
    internal void Show(HostUsage usage)
    {
        _usage = usage;
        _lastUsage = usage.Usage.Count > 0 ? usage.Usage[^1] : null;
        _lastDisk = usage.Disk.Count > 0 ? usage.Disk[^1] : null;
        _cpu = usage.Usage.Select(p => new ChartPoint(p.Time, CpuShare(p))).ToList();
        _memory = usage.Usage.Select(p => new ChartPoint(p.Time, p.MemoryUsed)).ToList();
        _disk = DiskPoints(usage);
    }

    /// <summary>
    /// Disk use is measured every half minute or less often: the last measurement holds until the next, so the line
    /// runs on to the newest sampler pass (one measurement alone would draw no line at all).
    /// </summary>
    internal static IReadOnlyList<ChartPoint> DiskPoints(HostUsage usage)
    {
        var points = usage.Disk.Select(p => new ChartPoint(p.Time, p.Total)).ToList();
        if (points.Count > 0 && usage.Usage.Count > 0 && usage.Usage[^1].Time > points[^1].Time)
        {
            points.Add(points[^1] with { Time = usage.Usage[^1].Time });
        }

        return points;
    }

    private double CpuShare(EngineUsagePoint p) => Cpus > 0 ? p.CpuPercent / Cpus : p.CpuPercent;

    private string MemoryText(EngineUsagePoint p) => MemoryTotal > 0
        ? $"{StatsFormat.Bytes(p.MemoryUsed)} of {StatsFormat.Bytes(MemoryTotal)}"
        : StatsFormat.Bytes(p.MemoryUsed);

    public void Dispose()
    {
        _cts.Cancel();
        _cts.Dispose();
    }
}
