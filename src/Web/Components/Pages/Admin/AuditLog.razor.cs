using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.Engine.Audit;
using Portal.Engine.Pipeline;
using Portal.Web.Model;
using Portal.Web.Utils;

namespace Portal.Web.Components.Pages.Admin;

/// <summary>The audit log, newest first, paged on the server, filters in the URL.</summary>
public sealed partial class AuditLog
{
    private MudDataGrid<AuditEntry>? _grid;
    private AuditFilter _filter = AuditFilter.Default;
    private string? _error;

    [Inject] public required AuditOperations Audit { get; init; }

    [Inject] public required CurrentActor CurrentActor { get; init; }

    [Inject] public required NavigationManager Navigation { get; init; }

    [SupplyParameterFromQuery(Name = "actor")] public string? Actor { get; set; }

    [SupplyParameterFromQuery(Name = "action")] public string? Action { get; set; }

    [SupplyParameterFromQuery(Name = "outcome")] public string? Outcome { get; set; }

    [SupplyParameterFromQuery(Name = "q")] public string? Query { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        var next = AuditFilter.From(Actor, Action, Outcome, Query);
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

    private async Task<GridData<AuditEntry>> LoadAsync(GridState<AuditEntry> state, CancellationToken cancellationToken)
    {
        try
        {
            var page = await Audit.QueryAsync(await CurrentActor.GetAsync(cancellationToken), new AuditQuery
            {
                Actor = _filter.Actor,
                Action = _filter.Action,
                Outcome = _filter.Outcome,
                Text = _filter.Text,
                Skip = state.Page * state.PageSize,
                Take = state.PageSize,
            }, cancellationToken);
            _error = null;
            return new GridData<AuditEntry> { Items = page.Items, TotalItems = page.Total };
        }
        catch (OperationFailedException ex)
        {
            _error = ex.Message;
            return new GridData<AuditEntry> { Items = [], TotalItems = 0 };
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
