using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Engine.Audit;
using Portal.Engine.Pipeline;
using Portal.Web.Components.Controls;
using Portal.Web.Model;
using Portal.Web.Utils;

namespace Portal.Web.Components.Pages.Admin;

/// <summary>The audit log, newest first, paged on the server, filters in the URL.</summary>
public sealed partial class AuditLog
{
    private MudDataGrid<AuditRecord>? _grid;
    private AuditFilter _filter = AuditFilter.Default;
    private string? _error;
    private int _retentionDays;
    private string? _retentionMessage;

    [Inject] public required AuditOperations Audit { get; init; }

    [Inject] public required CurrentActor CurrentActor { get; init; }

    [Inject] public required NavigationManager Navigation { get; init; }

    [SupplyParameterFromQuery(Name = "actor")] public string? Actor { get; set; }

    [SupplyParameterFromQuery(Name = "action")] public string? Action { get; set; }

    [SupplyParameterFromQuery(Name = "outcome")] public string? Outcome { get; set; }

    [SupplyParameterFromQuery(Name = "q")] public string? Query { get; set; }

    [SupplyParameterFromQuery(Name = "team")] public string? Team { get; set; }

    [SupplyParameterFromQuery(Name = "object")] public string? Object { get; set; }

    [SupplyParameterFromQuery(Name = "from")] public string? FromDay { get; set; }

    [SupplyParameterFromQuery(Name = "to")] public string? ToDay { get; set; }

    // The search box stays in view on a phone; these are what the Filters button folds.
    private int ActiveFilters => FilterBar.Count(_filter.Actor is not null, _filter.Action is not null, _filter.Outcome is not null,
        _filter.Team is not null, _filter.Target is not null, _filter.FirstDay is not null, _filter.LastDay is not null);

    protected override async Task OnInitializedAsync()
    {
        try
        {
            _retentionDays = await Audit.GetRetentionDaysAsync(await CurrentActor.GetAsync(), CancellationToken.None);
        }
        catch (OperationFailedException ex)
        {
            _error = ex.Message;
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        var next = AuditFilter.From(Actor, Action, Outcome, Query, Team, Object, FromDay, ToDay);
        if (next == _filter)
        {
            return;
        }

        _filter = next;
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    private void Navigate(AuditFilter next) => Navigation.NavigateTo(PortalUrls.AuditLog(next), replace: true);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static DateTime? Day(DateTime? value) => value is { } d ? DateTime.SpecifyKind(d.Date, DateTimeKind.Utc) : null;

    private async Task SaveRetentionAsync()
    {
        try
        {
            await Audit.SetRetentionDaysAsync(await CurrentActor.GetAsync(), _retentionDays, CancellationToken.None);
            _retentionMessage = _retentionDays == 0 ? "Entries are kept forever." : $"Entries older than {_retentionDays} days are deleted hourly.";
        }
        catch (OperationFailedException ex)
        {
            _retentionMessage = ex.Message;
        }
    }

    private async Task<GridData<AuditRecord>> LoadAsync(GridState<AuditRecord> state, CancellationToken cancellationToken)
    {
        try
        {
            var page = await Audit.QueryAsync(await CurrentActor.GetAsync(cancellationToken), _filter.ToQuery() with
            {
                Skip = state.Page * state.PageSize,
                Take = state.PageSize,
            }, cancellationToken);
            _error = null;
            return new GridData<AuditRecord> { Items = page.Items, TotalItems = page.Total };
        }
        catch (OperationFailedException ex)
        {
            _error = ex.Message;
            return new GridData<AuditRecord> { Items = [], TotalItems = 0 };
        }
    }

    public static Color OutcomeColor(string outcome) => outcome switch
    {
        "succeeded" => Color.Success,
        "forbidden" => Color.Error,
        "not-found" or "invalid" or "conflict" => Color.Warning,
        _ => Color.Error,
    };
}
