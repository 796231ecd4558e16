using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Engine.Compose.Stacks;
using Portal.Engine.Pipeline;
using Portal.Web.Components.Dialogs;
using Portal.Web.Utils;

namespace Portal.Web.Components.Pages.Stacks;

/// <summary>Deleting the stack: at once when it is down, or Down and delete (the down job first, then the delete) when it runs.</summary>
public sealed partial class StackPage
{
    private bool _deleteAfterDown;

    [Inject] public required StackRemoval StackRemoval { get; init; }

    private async Task DeleteAsync()
    {
        var containers = _details?.Summary.Total ?? 0;
        var running = containers > 0;
        var message = running
            ? $"Stack '{Name}' still has {containers} container(s). Take it down (containers and networks are removed, volumes kept) and then delete its files and revisions?"
            : $"Delete stack '{Name}'? Its files and every saved revision are deleted; this cannot be undone.";
        if (await ConfirmDialog.AskAsync(Dialogs, "Delete stack", message, running ? "Down and delete" : "Delete", offerForce: false) is null)
        {
            return;
        }

        if (running)
        {
            _deleteAfterDown = true;
            await RunAsync("down");
            return;
        }

        await DeleteNowAsync();
    }

    /// <summary>Called when a job finishes: a successful down asked for by Down and delete goes on to the delete.</summary>
    private async Task DeleteAfterDownAsync(StackJobSnapshot finished)
    {
        if (!_deleteAfterDown || finished.Action != "down")
        {
            return;
        }

        _deleteAfterDown = false;
        if (finished.State == StackJobSnapshot.Succeeded)
        {
            await DeleteNowAsync();
        }
    }

    private async Task DeleteNowAsync()
    {
        try
        {
            await StackRemoval.DeleteAsync(await CurrentActor.GetAsync(), Name!, CancellationToken.None);
            Snackbar.Add($"Stack {Name} deleted.", Severity.Success);
            Navigation.NavigateTo(PortalUrls.Stacks);
        }
        catch (OperationFailedException ex)
        {
            _error = ex.Message;
            await InvokeAsync(StateHasChanged);
        }
    }
}
