using Microsoft.AspNetCore.Components;
using Portal.Engine.Pipeline;
using Portal.Engine.Stats;
using Portal.Web.Components.Controls;
using Portal.Web.Model;
using Portal.Web.Streaming;

namespace Portal.Web.Components.Pages.Containers;

/// <summary>
/// The Stats tab: the kept history (up to 15 minutes at 1 s) and then live samples, as charts.
/// Watching runs while the tab is open and the container runs (it starts when the container
/// starts with the tab open, and stops when it stops), so the sampler only runs while somebody looks.
/// </summary>
public sealed partial class ContainerStatsPanel : IDisposable
{
    private LiveStatsFeed? _feed;
    private string? _feedContainer;
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

    protected override async Task OnParametersSetAsync()
    {
        if (_feed is not null && (!Running || _feedContainer != ContainerId))
        {
            if (_feedContainer != ContainerId)
            {
                _samples.Clear();
            }

            StopFeed();
        }

        if (Running && _feed is null)
        {
            await StartFeedAsync();
        }
    }

    private async Task StartFeedAsync()
    {
        // Claimed before the first await, so a parameter change meanwhile cannot start a second feed.
        var feed = _feed = new LiveStatsFeed();
        _feedContainer = ContainerId;
        _error = null;
        try
        {
            var actor = await CurrentActor.GetAsync();
            Append(await Stats.HistoryAsync(actor, ContainerId, CancellationToken.None));
            Rebuild();
            if (!ReferenceEquals(feed, _feed))
            {
                return;
            }

            feed.Start(Stats, actor, ContainerId, batch => InvokeAsync(() =>
            {
                if (ReferenceEquals(feed, _feed))
                {
                    Append(batch.Select(s => s.Sample));
                    Rebuild();
                    StateHasChanged();
                }
            }), Logger);
        }
        catch (OperationFailedException ex)
        {
            _error = ex.Message;
        }
    }

    private void StopFeed()
    {
        _feed?.Dispose();
        _feed = null;
        _feedContainer = null;
    }

    /// <summary>Adds samples newer than the last one kept; the charts keep the last <see cref="StatsSampler.HistoryLength"/>.</summary>
    private void Append(IEnumerable<StatsSample> samples)
    {
        foreach (var s in samples)
        {
            if (_samples.Count == 0 || s.Time > _samples[^1].Time)
            {
                _samples.Add(s);
            }
        }

        if (_samples.Count > StatsSampler.HistoryLength)
        {
            _samples.RemoveRange(0, _samples.Count - StatsSampler.HistoryLength);
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

    public void Dispose() => StopFeed();
}
