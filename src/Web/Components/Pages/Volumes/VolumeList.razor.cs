using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Engine.Formatting;
using Portal.Engine.Pipeline;
using Portal.Engine.Teams;
using Portal.Engine.Volumes;
using Portal.Web.Components.Dialogs;
using Portal.Web.Model;

namespace Portal.Web.Components.Pages.Volumes;

/// <summary><c>docker volume ls</c> with sizes, users, create and prune.</summary>
public sealed partial class VolumeList
{
    private IReadOnlyList<VolumeSummary> _volumes = [];
    private IReadOnlyList<string> _teams = [];
    private bool _isAdmin;
    private bool _canCreate;
    private bool _loading = true;
    private bool _busy;
    private string? _error;

    [Inject] public required IVolumeOperations Volumes { get; init; }

    [Inject] public required TeamOperations TeamOperations { get; init; }

    [Inject] public required CurrentActor CurrentActor { get; init; }

    [Inject] public required IDialogService Dialogs { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    public static string UsersText(VolumeSummary v) =>
        v.UsedBy.Count == 0 ? "unused" : string.Join(", ", v.UsedBy);

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
            _volumes = await Volumes.ListAsync(await CurrentActor.GetAsync(), CancellationToken.None);
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
        var parameters = new DialogParameters<CreateVolumeDialog>
        {
            { d => d.Teams, _teams },
            { d => d.IsAdmin, _isAdmin },
            { d => d.OnSubmit, async request => await Volumes.CreateAsync(await CurrentActor.GetAsync(), request, CancellationToken.None) },
        };
        var dialog = await Dialogs.ShowAsync<CreateVolumeDialog>("Create volume", parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add("Volume created.", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task PruneAsync()
    {
        var ok = await ConfirmDialog.AskAsync(Dialogs, "Prune volumes",
            (_isAdmin ? "Remove every volume no container uses?" : "Remove your teams' volumes that no container uses?") + " Their data is lost.", "Prune", offerForce: false);
        if (ok is null)
        {
            return;
        }

        _busy = true;
        _error = null;
        try
        {
            var result = await Volumes.PruneAsync(await CurrentActor.GetAsync(), CancellationToken.None);
            Snackbar.Add(result.Removed.Count == 0 ? "No unused volumes." : $"Removed {result.Removed.Count} volume(s), reclaimed {ByteSize.FormatOptional(result.SpaceReclaimed)}.", Severity.Success);
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
