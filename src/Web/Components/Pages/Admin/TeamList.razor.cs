using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Data.Stores;
using Portal.Engine.Pipeline;
using Portal.Engine.Teams;
using Portal.Web.Components.Dialogs;
using Portal.Web.Model;

namespace Portal.Web.Components.Pages.Admin;

/// <summary>Teams: the list and the create dialog.</summary>
public sealed partial class TeamList
{
    private IReadOnlyList<TeamInfo> _teams = [];
    private bool _loading = true;
    private string? _error;

    [Inject] public required TeamOperations TeamOperations { get; init; }

    [Inject] public required CurrentActor CurrentActor { get; init; }

    [Inject] public required IDialogService Dialogs { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        try
        {
            _teams = await TeamOperations.ListAsync(await CurrentActor.GetAsync(), CancellationToken.None);
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
        var parameters = new DialogParameters<CreateTeamDialog>
        {
            { d => d.OnSubmit, async (name, description) => await TeamOperations.CreateAsync(await CurrentActor.GetAsync(), name, description, CancellationToken.None) },
        };
        var dialog = await Dialogs.ShowAsync<CreateTeamDialog>("Create team", parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add("Team created.", Severity.Success);
            await LoadAsync();
        }
    }
}
