using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Engine.Events;
using Portal.Engine.Formatting;
using Portal.Engine.Images;
using Portal.Engine.Pipeline;
using Portal.Web.Components.Controls;
using Portal.Web.Components.Dialogs;
using Portal.Web.Model;
using Portal.Web.Streaming;
using Portal.Web.Utils;

namespace Portal.Web.Components.Pages.Images;

/// <summary>
/// The images the user may see, served page by page from the catalog into a virtualized grid
/// (thousands of rows keep the DOM small), with filters in the URL, live refresh and prune.
/// </summary>
public sealed partial class ImageList : IDisposable
{
    public const int RowHeight = 42;

    /// <summary>Catalog changes reload the visible rows at most this often.</summary>
    private static readonly Dictionary<string, string> s_sortKeys = new(StringComparer.Ordinal)
    {
        [nameof(ImageSummary.DisplayName)] = "tags",
        [nameof(ImageSummary.Size)] = "size",
        [nameof(ImageSummary.CreatedAt)] = "created",
        [nameof(ImageSummary.Team)] = "team",
    };

    private readonly CancellationTokenSource _cts = new();
    private ImageListFilter _filter = ImageListFilter.Default;
    private MudDataGrid<ImageSummary>? _grid;
    private CatalogChangeSubscription? _changes;
    private int? _total;
    private string? _error;
    private bool _busy;
    private bool _counted;

    [SupplyParameterFromQuery(Name = "dangling")] public string? DanglingQuery { get; set; }

    [SupplyParameterFromQuery(Name = "usage")] public string? UsageQuery { get; set; }

    [SupplyParameterFromQuery(Name = "q")] public string? TextQuery { get; set; }

    [Inject] public required IImageOperations Images { get; init; }

    [Inject] public required CurrentActor CurrentActor { get; init; }

    [Inject] public required CatalogNotifier Notifier { get; init; }


    [Inject] public required CurrentEnvironment PageEnvironment { get; init; }

    [Inject] public required TimeProvider Time { get; init; }

    [Inject] public required NavigationManager Navigation { get; init; }

    [Inject] public required IDialogService Dialogs { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    [Inject] public required ILogger<ImageList> Logger { get; init; }

    protected override void OnInitialized()
    {
        // Container changes move the "containers using it" counts.
        _changes = new CatalogChangeSubscription(Notifier, PageEnvironment, CatalogChangeSubscription.ImagesAndContainers, () => _everywhere, ReloadFromNotificationAsync, Time, Logger);
    }

    protected override async Task OnParametersSetAsync()
    {
        var next = ImageListFilter.From(DanglingQuery, UsageQuery, TextQuery);
        if (next == _filter && _counted)
        {
            return;
        }

        _counted = true;

        _filter = next;
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
            return;
        }

        // First render (also prerendered): the grid loads rows once it knows the viewport; the count is known now.
        await CountAsync();
    }

    private async Task CountAsync()
    {
        try
        {
            var actor = await CurrentActor.GetAsync(_cts.Token);
            _total = (await Images.QueryAsync(actor, _filter.ToRequest() with { Take = 0, AllEnvironments = _everywhere }, _cts.Token)).Total;
        }
        catch (OperationCanceledException) when (_cts.IsCancellationRequested)
        {
            // The page is going away.
        }
        catch (OperationFailedException ex)
        {
            _error = ex.Message;
        }
    }

    private async Task<GridData<ImageSummary>> LoadAsync(GridStateVirtualize<ImageSummary> state, CancellationToken cancellationToken)
    {
        try
        {
            var actor = await CurrentActor.GetAsync(cancellationToken);
            var sort = state.SortDefinitions.FirstOrDefault();
            var request = _filter.ToRequest() with
            {
                Skip = state.StartIndex,
                Take = Math.Clamp(state.Count, 1, Paging.MaxPageSize),
                Sort = sort is not null && s_sortKeys.TryGetValue(sort.SortBy, out var key) ? key : "created",
                Descending = sort?.Descending ?? true,
                AllEnvironments = _everywhere,
            };
            var page = await Images.QueryAsync(actor, request, cancellationToken);
            SetStatus(page.Total, null);
            return new GridData<ImageSummary> { Items = page.Items, TotalItems = page.Total };
        }
        catch (OperationFailedException ex)
        {
            SetStatus(null, ex.Message);
            return new GridData<ImageSummary> { Items = [], TotalItems = 0 };
        }
    }

    private void SetStatus(int? total, string? error)
    {
        if (total != _total || error != _error)
        {
            _total = total;
            _error = error;
            StateHasChanged();
        }
    }

    private Task ReloadFromNotificationAsync(CancellationToken cancellationToken) => InvokeAsync(async () =>
    {
        if (_grid is not null && !cancellationToken.IsCancellationRequested)
        {
            await _grid.ReloadServerData();
        }
    });

    // The search box stays in view on a phone; these are what the Filters button folds.
    private int ActiveFilters => FilterBar.Count(_filter.Dangling is not null, _filter.Usage is not null, _everywhere);

    private void OnTextChanged(string? text) => Navigate(_filter with { Text = text });

    private void OnDanglingChanged(string? value) => Navigate(_filter with { Dangling = value });

    private void OnUsageChanged(string? value) => Navigate(_filter with { Usage = value });

    private void Navigate(ImageListFilter filter) =>
        Navigation.NavigateTo(PortalUrls.Images(ImageListFilter.From(filter.Dangling, filter.Usage, filter.Text)), replace: true);

    private async Task PruneAsync()
    {
        var confirmed = await ConfirmDialog.AskAsync(Dialogs, "Prune",
            "Remove every dangling image (untagged and unused) that you may change? This cannot be undone.", "Prune", offerForce: false);
        if (confirmed is null)
        {
            return;
        }

        _busy = true;
        try
        {
            var result = await Images.PruneAsync(await CurrentActor.GetAsync(_cts.Token), _cts.Token);
            Snackbar.Add($"Removed {result.Deleted.Count} image layer(s), reclaimed {ByteSize.Format(result.SpaceReclaimed)}.", Severity.Success);
            if (_grid is not null)
            {
                await _grid.ReloadServerData();
            }
        }
        catch (OperationFailedException ex)
        {
            Logger.LogInformation("Prune refused or failed: {Message}", ex.Message);
            _error = ex.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    public void Dispose()
    {
        _changes?.Dispose();
        _cts.Cancel();
        _cts.Dispose();
    }
}
