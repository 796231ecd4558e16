using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Engine.Compose.Stacks;
using Portal.Engine.Pipeline;
using Portal.Engine.Teams;
using Portal.Web.Model;
using Portal.Web.Streaming;
using Portal.Engine.Events;

namespace Portal.Web.Components.Pages.Stacks;

/// <summary><c>docker compose ls -a</c>: Portal stacks, adopted ones, and (admins) CLI projects to adopt.</summary>
public sealed partial class StackList : IDisposable
{
    private CatalogChangeSubscription? _changes;
    private IReadOnlyList<StackSummary> _stacks = [];
    private IReadOnlyList<string> _teams = [];
    private string? _adoptTeam;
    private bool _isAdmin;
    private bool _canCreate;
    private bool _loading = true;
    private string? _error;

    [Inject] public required StackOperations StackOperations { get; init; }

    [Inject] public required TeamOperations TeamOperations { get; init; }

    [Inject] public required CurrentActor CurrentActor { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    [Inject] public required CatalogNotifier Notifier { get; init; }


    [Inject] public required CurrentEnvironment PageEnvironment { get; init; }

    [Inject] public required TimeProvider Time { get; init; }

    [Inject] public required ILogger<StackList> Logger { get; init; }

    protected override async Task OnInitializedAsync()
    {
        // Status (running n/m) follows the engine while the list is open.
        _changes = new CatalogChangeSubscription(Notifier, PageEnvironment, CatalogChangeSubscription.Containers, () => _everywhere, ct => InvokeAsync(ReloadAsync), Time, Logger);
        try
        {
            var actor = await CurrentActor.GetAsync();
            _isAdmin = actor.IsAdmin;
            _canCreate = !actor.ReadOnly && (actor.IsAdmin || actor.OperableTeams.Any());
            _teams = await TeamOperations.ListOperableAsync(actor, CancellationToken.None);
            _stacks = await ListShownAsync(actor);
        }
        catch (OperationFailedException ex)
        {
            _error = ex.Message;
        }
        finally
        {
            _loading = false;
        }
    }

    private async Task AdoptAsync(string name)
    {
        try
        {
            var actor = await CurrentActor.GetAsync();
            await StackOperations.AdoptAsync(actor, name, _adoptTeam!, CancellationToken.None);
            Snackbar.Add($"Stack {name} adopted for {_adoptTeam}.", Severity.Success);
            _stacks = await ListShownAsync(actor);
        }
        catch (OperationFailedException ex)
        {
            _error = ex.Message;
        }
    }

    private static Color ColorOf(StackSummary s) =>
        s.Unhealthy > 0 || s.Exited > 0 ? Color.Warning : s.Total > 0 && s.Running == s.Total ? Color.Success : Color.Default;

    private static string SourceText(StackSource source) => source switch
    {
        StackSource.Portal => "Portal",
        StackSource.Adopted => "adopted (CLI)",
        _ => "compose CLI",
    };

    private async Task ReloadAsync()
    {
        try
        {
            _stacks = await ListShownAsync(await CurrentActor.GetAsync());
            StateHasChanged();
        }
        catch (OperationFailedException)
        {
            // Signed out meanwhile: the list keeps what it showed.
        }
    }

    public void Dispose() => _changes?.Dispose();
}
