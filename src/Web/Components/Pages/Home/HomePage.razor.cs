using Microsoft.AspNetCore.Components;
using Portal.Engine.Docker;
using Portal.Engine.Events;
using Portal.Engine.Overview;
using Portal.Web.Model;
using Portal.Web.Streaming;

namespace Portal.Web.Components.Pages.Home;

/// <summary>
/// The signed-in landing page: one card per environment the person may use, from memory and the catalog
/// (never an engine call while rendering), refreshed on status changes and catalog notices. While the page is
/// open the environments are sampled, so their current use shows.
/// </summary>
public sealed partial class HomePage : ComponentBase, IDisposable
{
    private static readonly TimeSpan s_refreshAtMost = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _cts = new();
    private IReadOnlyList<EnvironmentOverview>? _rows;
    private string? _error;
    private CallbackThrottler? _throttler;
    private IDisposable? _sampling;
    private PeriodicTimer? _ticker;

    [Inject] public required EnvironmentOverviews Overviews { get; init; }

    [Inject] public required EngineFactsKeeper Facts { get; init; }

    [Inject] public required CatalogNotifier Notifier { get; init; }

    [Inject] public required CurrentActor CurrentActor { get; init; }

    [Inject] public required TimeProvider Time { get; init; }

    [Inject] public required ILogger<HomePage> Logger { get; init; }

    protected override async Task OnInitializedAsync()
    {
        _throttler = new CallbackThrottler(ct => InvokeAsync(() => LoadAsync(ct)), s_refreshAtMost, Time, Logger);
        Facts.Changed += OnEnvironmentChanged;
        Notifier.Changed += OnCatalogChanged;
        await LoadAsync(_cts.Token);
        if (RendererInfo.IsInteractive)
        {
            _sampling = Overviews.WatchUsage(await CurrentActor.GetAsync(_cts.Token));
            _ = TickAsync(_cts.Token);
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            _rows = await Overviews.ListAsync(await CurrentActor.GetAsync(cancellationToken), cancellationToken);
            _error = null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (Portal.Engine.Pipeline.OperationFailedException ex)
        {
            _error = ex.Message;
        }

        StateHasChanged();
    }

    // Current use changes every second without any notice: the cards follow the samplers every few seconds.
    private async Task TickAsync(CancellationToken cancellationToken)
    {
        _ticker = new PeriodicTimer(TimeSpan.FromSeconds(3), Time);
        try
        {
            while (await _ticker.WaitForNextTickAsync(cancellationToken))
            {
                _throttler?.Signal();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void OnEnvironmentChanged(EnvironmentEngine engine) => _throttler?.Signal();

    private void OnCatalogChanged(CatalogChange change)
    {
        if (change.Kind == CatalogKind.Containers)
        {
            _throttler?.Signal();
        }
    }

    public void Dispose()
    {
        Facts.Changed -= OnEnvironmentChanged;
        Notifier.Changed -= OnCatalogChanged;
        _cts.Cancel();
        _cts.Dispose();
        _ticker?.Dispose();
        _throttler?.Dispose();
        _sampling?.Dispose();
    }
}
