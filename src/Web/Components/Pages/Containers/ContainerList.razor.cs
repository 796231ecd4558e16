using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Engine.Containers;
using Portal.Engine.Events;
using Portal.Engine.Pipeline;
using Portal.Engine.Teams;
using Portal.Web.Components.Controls;
using Portal.Web.Components.Dialogs;
using Portal.Web.Model;
using Portal.Web.Streaming;
using Portal.Web.Utils;

namespace Portal.Web.Components.Pages.Containers;

/// <summary>The containers list: a virtualized grid over the catalog, filters in the URL, live reloads and bulk actions.</summary>
public sealed partial class ContainerList : IDisposable
{
    /// <summary>Fixed row height, so the grid can virtualize thousands of rows.</summary>
    public const int RowHeight = 44;

    /// <summary>At most one reload per this interval however busy the engine is.</summary>
    private static readonly string[] States = ["running", "created", "restarting", "paused", "exited", "dead"];

    // Grid column (property) names to the catalog's sort keys.
    private static readonly Dictionary<string, string> s_sortKeys = new(StringComparer.Ordinal)
    {
        [nameof(ContainerSummary.Name)] = "name",
        [nameof(ContainerSummary.Image)] = "image",
        [nameof(ContainerSummary.State)] = "state",
        [nameof(ContainerSummary.CreatedAt)] = "created",
        [nameof(ContainerSummary.Team)] = "team",
    };

    private readonly CancellationTokenSource _cts = new();
    private readonly LiveStatsFeed _live = new();
    private MudDataGrid<ContainerSummary>? _grid;
    private ContainerListFilter _filter = ContainerListFilter.Default;
    private HashSet<ContainerSummary> _selected = new(ContainerIdComparer.Instance);
    private IReadOnlyList<TeamSummary> _teams = [];
    private CatalogChangeSubscription? _changes;
    private volatile bool _disposed;
    private int? _total;
    private string? _error;
    private bool _busy;
    private string? _busyText;
    private bool _gridSortApplied;

    // Container id → its transitional state ("stopping…") while an action the person started runs on it.
    private readonly Dictionary<string, string> _pending = new(StringComparer.Ordinal);

    [Inject] public required IContainerOperations Containers { get; init; }

    [Inject] public required TeamOperations TeamOperations { get; init; }

    [Inject] public required CurrentActor CurrentActor { get; init; }

    [Inject] public required CatalogNotifier Notifier { get; init; }


    [Inject] public required CurrentEnvironment PageEnvironment { get; init; }

    [Inject] public required ContainerActionRunner Actions { get; init; }

    [Inject] public required NavigationManager Navigation { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    [Inject] public required IDialogService Dialogs { get; init; }

    [Inject] public required TimeProvider Time { get; init; }

    [Inject] public required ILogger<ContainerList> Logger { get; init; }

    [Inject] public required Portal.Engine.Stats.IStatsOperations Stats { get; init; }

    [SupplyParameterFromQuery(Name = "all")] public bool All { get; set; }

    [SupplyParameterFromQuery(Name = "state")] public string? State { get; set; }

    [SupplyParameterFromQuery(Name = "q")] public string? Query { get; set; }

    [SupplyParameterFromQuery(Name = "team")] public string? Team { get; set; }

    [SupplyParameterFromQuery(Name = "history")] public bool History { get; set; }

    [SupplyParameterFromQuery(Name = "sort")] public string? Sort { get; set; }

    [SupplyParameterFromQuery(Name = "desc")] public bool Descending { get; set; }

    private string SelectionText => _selected.Count == 0 ? "Select containers to act on several at once:" : $"{_selected.Count} selected:";

    // The search box stays in view on a phone; these are what the Filters button folds.
    private int ActiveFilters => FilterBar.Count(_filter.State is not null, _filter.Team is not null, _filter.All, _filter.History, _everywhere);

    private string NoRecordsText => _filter switch
    {
        { History: true } => "No removed containers match.",
        { Text: not null } or { State: not null } or { Team: not null } => "No containers match these filters.",
        { All: false } => "No running containers. Turn on \"Show stopped\" to see the others, or run one.",
        _ => "No containers yet. Run one to get started.",
    };

    protected override async Task OnInitializedAsync()
    {
        _changes = new CatalogChangeSubscription(Notifier, PageEnvironment, CatalogChangeSubscription.Containers, () => _everywhere, ReloadFromNotificationAsync, Time, Logger);
        try
        {
            var actor = await CurrentActor.GetAsync(_cts.Token);
            _teams = await TeamOperations.ListAsync(actor, _cts.Token);
            // One watch for the whole page; the grid renders only the rows in view.
            _live.Start(Stats, actor, null, _ => InvokeAsync(StateHasChanged), Logger);
        }
        catch (OperationFailedException ex)
        {
            _error = ex.Message;
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        var next = ContainerListFilter.From(All, State, Query, Team, History, Sort, Descending);
        if (next == _filter)
        {
            return;
        }

        var regrid = next.History != _filter.History;
        _filter = next;
        _selected = new HashSet<ContainerSummary>(ContainerIdComparer.Instance);
        // A history switch re-keys the grid, which loads by itself.
        if (_grid is not null && !regrid)
        {
            await _grid.ReloadServerData();
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // Show the URL's sort in the grid header; the first load already used it.
        if (_grid is not null && !_gridSortApplied)
        {
            _gridSortApplied = true;
            var column = s_sortKeys.First(kv => kv.Value == _filter.Sort).Key;
            if (_filter.Sort != "name" || _filter.Descending)
            {
                await _grid.SetSortAsync(column, _filter.Descending ? SortDirection.Descending : SortDirection.Ascending, c => c.Name);
            }
        }
    }

    private async Task<GridData<ContainerSummary>> LoadAsync(GridStateVirtualize<ContainerSummary> state, CancellationToken cancellationToken)
    {
        FollowGridSort(state.SortDefinitions);
        try
        {
            var actor = await CurrentActor.GetAsync(cancellationToken);
            var take = Math.Clamp(state.Count, 1, Paging.MaxPageSize);
            var page = await Containers.ListAsync(actor, _filter.ToRequest(state.StartIndex, take) with { AllEnvironments = _everywhere }, cancellationToken);
            SetStatus(page.Total, null);
            return new GridData<ContainerSummary> { Items = page.Items, TotalItems = page.Total };
        }
        catch (OperationFailedException ex)
        {
            SetStatus(null, ex.Message);
            return new GridData<ContainerSummary> { Items = [], TotalItems = 0 };
        }
    }

    /// <summary>Takes a header click into the filter and the URL (replacing, so Back leaves the page).</summary>
    private void FollowGridSort(IReadOnlyCollection<SortDefinition<ContainerSummary>> sorts)
    {
        var sort = sorts.FirstOrDefault();
        if (sort is null || !s_sortKeys.TryGetValue(sort.SortBy, out var key))
        {
            return;
        }

        if (key != _filter.Sort || sort.Descending != _filter.Descending)
        {
            _filter = _filter with { Sort = key, Descending = sort.Descending };
            Navigation.NavigateTo(PortalUrls.Containers(_filter), replace: true);
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
        if (_grid is null || cancellationToken.IsCancellationRequested)
        {
            return;
        }

        try
        {
            await _grid.ReloadServerData();
        }
        catch (Exception) when (_disposed)
        {
            // The person left the page while the grid reloaded; the grid went with it.
        }
    });

    private void OnSelectedItemsChanged(HashSet<ContainerSummary> items) =>
        _selected = new HashSet<ContainerSummary>(items, ContainerIdComparer.Instance);

    private void Navigate(ContainerListFilter next) => Navigation.NavigateTo(PortalUrls.Containers(next), replace: true);

    private void OnTextChanged(string? text) => Navigate(_filter with { Text = string.IsNullOrWhiteSpace(text) ? null : text });

    private void OnStateChanged(string? state) => Navigate(_filter with { State = state });

    private void OnTeamChanged(string? team) => Navigate(_filter with { Team = team });

    private void OnAllChanged(bool all) => Navigate(_filter with { All = all });

    private void OnHistoryChanged(bool history) => Navigate(_filter with { History = history, State = null });

    // Docker's default grace period; a container that ignores SIGTERM holds the button this long.
    private int _stopTimeout = 10;

    private Task RunOnSelectionAsync(ContainerAction action) => RunActionAsync(action, _selected.ToList());

    private Task RunOnRowAsync(ContainerAction action, ContainerSummary row) => RunActionAsync(action, [row]);

    private async Task RunActionAsync(ContainerAction action, IReadOnlyList<ContainerSummary> targets)
    {
        if (targets.Count == 0 || _busy)
        {
            return;
        }

        var names = targets.Select(t => t.Name).ToList();
        var force = await ContainerActionConfirmation.ConfirmAsync(Dialogs, action, names);
        if (force is null)
        {
            return;
        }

        _busy = true;
        _busyText = $"{action}: {(names.Count == 1 ? names[0] : $"{names.Count} containers")}…";
        foreach (var t in targets)
        {
            _pending[t.Id] = ContainerActionStates.Transition(action);
        }

        StateHasChanged();
        try
        {
            // Ids, not names: a name may have been reused since the row was loaded.
            var results = await Actions.RunAsync(action, targets.Select(t => t.Id).ToList(), force.Value, _cts.Token, _stopTimeout);
            var named = results.Select((r, i) => r with { Container = names[i] }).ToList();
            var (severity, message) = ContainerActionRunner.Describe(action, named);
            Snackbar.Add(message, severity);
            if (action == ContainerAction.Remove)
            {
                _selected.ExceptWith(targets.Where((_, i) => results[i].Succeeded));
            }
        }
        catch (OperationCanceledException) when (_cts.IsCancellationRequested)
        {
            return;
        }
        finally
        {
            _busy = false;
            _busyText = null;
            // The answer came (or failed): the reload below shows each container's real state.
            foreach (var t in targets)
            {
                _pending.Remove(t.Id);
            }
        }

        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    /// <summary>Ports as the row has room for them; the cell's tooltip keeps the engine's full text.</summary>
    private static string IconOf(ContainerAction action) => action switch
    {
        ContainerAction.Start => Icons.Material.Filled.PlayArrow,
        ContainerAction.Stop => Icons.Material.Filled.Stop,
        ContainerAction.Restart => Icons.Material.Filled.RestartAlt,
        ContainerAction.Kill => Icons.Material.Filled.Cancel,
        _ => Icons.Material.Filled.Delete,
    };

    public void Dispose()
    {
        _disposed = true;
        _changes?.Dispose();
        _live.Dispose();
        // Cancelled, not disposed: a grid load already under way still reads the token.
        _cts.Cancel();
    }
}
