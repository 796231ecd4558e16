using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Engine.Containers;
using Portal.Engine.Events;
using Portal.Engine.Pipeline;
using Portal.Engine.Teams;
using Portal.Web.Components.Dialogs;
using Portal.Web.Model;
using Portal.Web.Streaming;
using Portal.Web.Utils;
using EngineContainerDetails = Portal.Engine.Containers.ContainerDetails;

namespace Portal.Web.Components.Pages.Containers;

/// <summary>One container: inspect data in tabs, lifecycle buttons, and team assignment for admins.</summary>
public sealed partial class ContainerDetails : IDisposable
{
    /// <summary>Tab names as they appear in the URL, in panel order.</summary>
    public static readonly IReadOnlyList<string> Tabs = ["overview", "env", "ports", "mounts", "networks", "stats", "labels", "logs", "terminal"];

    private readonly CancellationTokenSource _cts = new();
    private CatalogChangeSubscription? _changes;
    private EngineContainerDetails? _details;
    private string? _loadedFor;
    private bool _notFound;
    private string? _error;
    private bool _busy;

    // The transitional state ("stopping…") from the click until the action answers; the catalog's notices keep
    // reloading the real state meanwhile, and the answer (or its failure) ends it.
    private string? _pending;

    // Seconds between SIGTERM and SIGKILL for stop and restart; Docker's default.
    private int _stopTimeout = 10;
    private bool _isAdmin;
    private IReadOnlyList<TeamSummary> _teams = [];
    private string? _assignTeam;
    private List<BreadcrumbItem> _breadcrumbs = [];

    [Parameter] public string IdOrName { get; set; } = "";

    [SupplyParameterFromQuery(Name = "tab")] public string? Tab { get; set; }

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

    [Inject] public required ILogger<ContainerDetails> Logger { get; init; }

    /// <summary>True from the first time the terminal tab is shown until the page closes (or shows another container).</summary>
    private bool _terminalOpened;

    private bool TerminalShown => Tab == "terminal";

    private int ActiveTab
    {
        get => Math.Max(0, Tabs.ToList().IndexOf(Tab ?? "overview"));
        set => Navigation.NavigateTo(PortalUrls.Container(IdOrName, Tabs[Math.Clamp(value, 0, Tabs.Count - 1)]), replace: true);
    }

    protected override async Task OnInitializedAsync()
    {
        _changes = new CatalogChangeSubscription(Notifier, PageEnvironment, CatalogChangeSubscription.Containers, null, ct => InvokeAsync(() => LoadAsync(ct)), Time, Logger);
        try
        {
            var actor = await CurrentActor.GetAsync(_cts.Token);
            _isAdmin = actor.IsAdmin;
            if (_isAdmin)
            {
                _teams = await TeamOperations.ListAsync(actor, _cts.Token);
            }
        }
        catch (OperationFailedException ex)
        {
            _error = ex.Message;
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedFor == IdOrName)
        {
            _terminalOpened |= TerminalShown;
            return;
        }

        _terminalOpened = TerminalShown;
        _loadedFor = IdOrName;
        _details = null;
        _breadcrumbs = [new("Containers", PortalUrls.Containers()), new(IdOrName, href: null, disabled: true)];
        await LoadAsync(_cts.Token);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var actor = await CurrentActor.GetAsync(cancellationToken);
            _details = await Containers.GetAsync(actor, IdOrName, cancellationToken);
            _notFound = false;
        }
        catch (OperationFailedException ex) when (ex.Outcome == OperationOutcome.NotFound)
        {
            _notFound = true;
            _details = null;
        }
        catch (OperationFailedException ex)
        {
            _error = ex.Message;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        StateHasChanged();
    }

    private async Task RunAsync(ContainerAction action)
    {
        if (_details is null || _busy)
        {
            return;
        }

        var name = _details.Summary.Name;
        var force = await ContainerActionConfirmation.ConfirmAsync(Dialogs, action, [name]);
        if (force is null)
        {
            return;
        }

        _busy = true;
        _error = null;
        _pending = ContainerActionStates.Transition(action);
        StateHasChanged();
        try
        {
            var results = await Actions.RunAsync(action, [_details.Summary.Id], force.Value, _cts.Token, _stopTimeout);
            var (severity, message) = ContainerActionRunner.Describe(action, [results[0] with { Container = name }]);
            Snackbar.Add(message, severity);
            if (action == ContainerAction.Remove && results[0].Succeeded)
            {
                Navigation.NavigateTo(PortalUrls.Containers());
                return;
            }

            // A refusal stays on the page beside the real state, not only in a toast that goes away.
            _error = results[0].Succeeded ? null : message;
            _pending = null;
            await LoadAsync(_cts.Token);
        }
        catch (OperationCanceledException) when (_cts.IsCancellationRequested)
        {
        }
        finally
        {
            _busy = false;
            _pending = null;
        }
    }

    private async Task AssignAsync()
    {
        if (_details is null || _busy)
        {
            return;
        }

        _busy = true;
        try
        {
            var actor = await CurrentActor.GetAsync(_cts.Token);
            await Containers.AssignTeamAsync(actor, _details.Summary.Id, _assignTeam, _cts.Token);
            Snackbar.Add(_assignTeam is null ? $"{_details.Summary.Name} no longer belongs to a team." : $"{_details.Summary.Name} now belongs to {_assignTeam}.", Severity.Success);
            await LoadAsync(_cts.Token);
        }
        catch (OperationFailedException ex)
        {
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
