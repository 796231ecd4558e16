using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Engine.Pipeline;
using Portal.Engine.Registries;
using Portal.Engine.Teams;
using Portal.Web.Components.Dialogs;
using Portal.Web.Model;

namespace Portal.Web.Components.Pages.Registries;

/// <summary>Stored registries the user may use, with "test connection"; admins and team operators add and remove them.</summary>
public sealed partial class RegistryList
{
    private readonly Dictionary<int, RegistryTestResult> _results = [];
    private IReadOnlyList<RegistryInfo> _registries = [];
    private Actor? _actor;
    private bool _canCreate;
    private bool _loading = true;
    private bool _busy;
    private string? _error;

    [Inject] public required IRegistryOperations Registries { get; init; }

    [Inject] public required CurrentActor CurrentActor { get; init; }

    [Inject] public required TeamOperations TeamOperations { get; init; }

    [Inject] public required IDialogService Dialogs { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    protected override async Task OnInitializedAsync()
    {
        _actor = await CurrentActor.GetAsync();
        _canCreate = !_actor.ReadOnly && (_actor.IsAdmin || _actor.OperableTeams.Any());
        await LoadAsync();
    }

    private bool CanManage(RegistryInfo registry) =>
        _actor is { } a && (registry.Team is null ? a.IsAdmin && !a.ReadOnly : a.CanOperate(registry.Team));

    private async Task LoadAsync()
    {
        _loading = true;
        try
        {
            _registries = await Registries.ListAsync(_actor!, CancellationToken.None);
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
        // Admins may pick any team; operators only their own.
        var teams = await TeamOperations.ListOperableAsync(_actor!, CancellationToken.None);
        var parameters = new DialogParameters<CreateRegistryDialog>
        {
            { d => d.Teams, teams },
            { d => d.IsAdmin, _actor!.IsAdmin },
            { d => d.OnSubmit, async request => await Registries.CreateAsync(_actor, request, CancellationToken.None) },
        };
        var dialog = await Dialogs.ShowAsync<CreateRegistryDialog>("Add registry", parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add("Registry added.", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task TestAsync(RegistryInfo registry)
    {
        _busy = true;
        try
        {
            var result = await Registries.TestAsync(_actor!, registry.Id, CancellationToken.None);
            _results[registry.Id] = result;
            Snackbar.Add(result.Message, result.Ok ? Severity.Success : Severity.Error);
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

    private async Task DeleteAsync(RegistryInfo registry)
    {
        if (await ConfirmDialog.AskAsync(Dialogs, "Remove registry", $"Remove the stored login for '{registry.Name}'?", "Remove", offerForce: false) is null)
        {
            return;
        }

        _busy = true;
        try
        {
            await Registries.DeleteAsync(_actor!, registry.Id, CancellationToken.None);
            _results.Remove(registry.Id);
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
