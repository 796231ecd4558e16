using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Engine.Networks;
using Portal.Engine.Pipeline;
using Portal.Engine.Teams;
using Portal.Web.Components.Dialogs;
using Portal.Web.Model;

namespace Portal.Web.Components.Pages.Networks;

/// <summary><c>docker network ls</c> with create and prune.</summary>
public sealed partial class NetworkList
{
    private IReadOnlyList<NetworkSummary> _networks = [];
    private IReadOnlyList<string> _teams = [];
    private bool _isAdmin;
    private bool _canCreate;
    private bool _loading = true;
    private bool _busy;
    private string? _error;

    [Inject] public required INetworkOperations Networks { get; init; }

    [Inject] public required TeamOperations TeamOperations { get; init; }

    [Inject] public required CurrentActor CurrentActor { get; init; }

    [Inject] public required IDialogService Dialogs { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    protected override async Task OnInitializedAsync()
    {
        try
        {
            var actor = await CurrentActor.GetAsync();
            _isAdmin = actor.IsAdmin;
            _canCreate = !actor.ReadOnly && (actor.IsAdmin || actor.OperableTeams.Any());
            _teams = await TeamOperations.ListOperableAsync(actor, CancellationToken.None);
        }
        catch (OperationFailedException ex)
        {
            _error = ex.Message;
        }

        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            _networks = await Networks.ListAsync(await CurrentActor.GetAsync(), CancellationToken.None);
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

    private async Task CreateAsync()
    {
        var parameters = new DialogParameters<CreateNetworkDialog>
        {
            { d => d.Teams, _teams },
            { d => d.IsAdmin, _isAdmin },
            { d => d.OnSubmit, async request => await Networks.CreateAsync(await CurrentActor.GetAsync(), request, CancellationToken.None) },
        };
        var dialog = await Dialogs.ShowAsync<CreateNetworkDialog>("Create network", parameters, new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add("Network created.", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task PruneAsync()
    {
        var ok = await ConfirmDialog.AskAsync(Dialogs, "Prune networks",
            _isAdmin ? "Remove every network no container uses?" : "Remove your teams' networks that no container uses?", "Prune", offerForce: false);
        if (ok is null)
        {
            return;
        }

        _busy = true;
        _error = null;
        try
        {
            var result = await Networks.PruneAsync(await CurrentActor.GetAsync(), CancellationToken.None);
            Snackbar.Add(result.Removed.Count == 0 ? "No unused networks." : $"Removed {string.Join(", ", result.Removed)}.", Severity.Success);
            await LoadAsync();
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
}
