using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Engine.DiskUsage;
using Portal.Engine.Formatting;
using Portal.Engine.Pipeline;
using Portal.Web.Components.Dialogs;
using Portal.Web.Model;

namespace Portal.Web.Components.Pages.Storage;

/// <summary>In the spirit of <c>docker system df</c>, with the prunes the actor may run.</summary>
public sealed partial class DiskUsagePage
{
    private DiskUsageReport? _report;
    private bool _isAdmin;
    private bool _busy;
    private string? _error;

    [Inject] public required IDiskUsageOperations DiskUsage { get; init; }

    [Inject] public required CurrentActor CurrentActor { get; init; }

    [Inject] public required IDialogService Dialogs { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        _busy = true;
        _error = null;
        try
        {
            var actor = await CurrentActor.GetAsync();
            _isAdmin = actor.IsAdmin;
            _report = await DiskUsage.GetAsync(actor, CancellationToken.None);
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

    private async Task PruneAsync(PruneScope scope)
    {
        var what = scope switch
        {
            PruneScope.Containers => "stopped containers",
            PruneScope.Images => "dangling images",
            PruneScope.Volumes => "volumes no container uses (their data is lost)",
            PruneScope.Networks => "networks no container uses",
            _ => "the build cache",
        };
        if (await ConfirmDialog.AskAsync(Dialogs, "Prune", $"Remove {(_isAdmin ? "all" : "your teams'")} {what}?", "Prune", offerForce: false) is null)
        {
            return;
        }

        _busy = true;
        _error = null;
        try
        {
            var result = await DiskUsage.PruneAsync(await CurrentActor.GetAsync(), scope, CancellationToken.None);
            Snackbar.Add($"Removed {result.Removed.Count}, reclaimed {ByteSize.FormatOptional(result.SpaceReclaimed)}.", Severity.Success);
        }
        catch (OperationFailedException ex)
        {
            _error = ex.Message;
        }
        finally
        {
            _busy = false;
        }

        await LoadAsync();
    }
}
