using Microsoft.AspNetCore.Components;
using Portal.Engine.Pipeline;
using Portal.Engine.Stats;
using Portal.Web.Components.Controls;
using Portal.Web.Model;
using Portal.Web.Streaming;

namespace Portal.Web.Components.Pages.Containers;

/// <summary>
/// The Stats tab: the kept history (up to 15 minutes at 1 s) and then live samples, as charts.
/// Watching starts when the tab opens and stops when it closes, so the sampler only runs while somebody looks.
/// </summary>
public sealed partial class ContainerStatsPanel : IDisposable
{
    private readonly LiveStatsFeed _feed = new();
    private readonly List<StatsSample> _samples = [];
    private IReadOnlyList<ChartPoint> _cpu = [];
    private IReadOnlyList<ChartPoint> _memory = [];
    private IReadOnlyList<ChartPoint> _net = [];
    private IReadOnlyList<ChartPoint> _block = [];
    private IReadOnlyList<ChartPoint> _pids = [];
    private string? _error;

    [Parameter, EditorRequired] public string ContainerId { get; set; } = "";

    [Parameter] public bool Running { get; set; }

    [Inject] public required IStatsOperations Stats { get; init; }

    [Inject] public required CurrentActor CurrentActor { get; init; }

    [Inject] public required ILogger<ContainerStatsPanel> Logger { get; init; }

    protected override async Task OnInitializedAsync()
    {
        if (!Running)
        {
            return;
        }

        try
        {
            var actor = await CurrentActor.GetAsync();
            _samples.AddRange(await Stats.HistoryAsync(actor, ContainerId, CancellationToken.None));
            Rebuild();
            _feed.Start(Stats, actor, ContainerId, batch => InvokeAsync(() =>
            {
                foreach (var s in batch)
                {
                    if (_samples.Count == 0 || s.Sample.Time > _samples[^1].Time)
                    {
                        _samples.Add(s.Sample);
                    }
                }

                if (_samples.Count > StatsSampler.HistoryLength)
                {
                    _samples.RemoveRange(0, _samples.Count - StatsSampler.HistoryLength);
                }

                Rebuild();
                StateHasChanged();
            }), Logger);
        }
        catch (OperationFailedException ex)
        {
            _error = ex.Message;
        }
    }

    /// <summary>Chart points from the samples; network and block I/O as rates between neighbouring samples.</summary>
    private void Rebuild()
    {
        _cpu = _samples.Select(s => new ChartPoint(s.Time, s.CpuPercent)).ToList();
        _memory = _samples.Select(s => new ChartPoint(s.Time, s.MemoryUsed)).ToList();
        _pids = _samples.Select(s => new ChartPoint(s.Time, s.Pids)).ToList();
        var net = new List<ChartPoint>(_samples.Count);
        var block = new List<ChartPoint>(_samples.Count);
        for (var i = 1; i < _samples.Count; i++)
        {
            var (a, b) = (_samples[i - 1], _samples[i]);
            var seconds = (b.Time - a.Time).TotalSeconds;
            if (seconds <= 0)
            {
                continue;
            }

            net.Add(new ChartPoint(b.Time, Rate(a.NetRx, b.NetRx, seconds), Rate(a.NetTx, b.NetTx, seconds)));
            block.Add(new ChartPoint(b.Time, Rate(a.BlockRead, b.BlockRead, seconds), Rate(a.BlockWrite, b.BlockWrite, seconds)));
        }

        _net = net;
        _block = block;
    }

    // A counter that went down means the container restarted: no rate for that step.
    private static double Rate(ulong before, ulong after, double seconds) => after >= before ? (after - before) / seconds : 0;

    public void Dispose() => _feed.Dispose();
}
