using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Engine.Pipeline;

namespace Portal.Web.Components.Dialogs;

/// <summary>
/// A dialog whose submit runs an Engine call handed in by the page: the dialog stays open and
/// filled with the Engine's message on failure, and closes with <see cref="DialogResult.Ok{T}(T)"/> on success.
/// </summary>
public abstract class SubmitDialogBase : ComponentBase
{
    [CascadingParameter]
    public required IMudDialogInstance Dialog { get; set; }

    protected bool Busy { get; private set; }

    protected string? Error { get; set; }

    protected void Cancel() => Dialog.Cancel();

    protected async Task SubmitAsync(Func<Task> call)
    {
        if (Busy)
        {
            return;
        }

        Busy = true;
        Error = null;
        try
        {
            await call();
            Dialog.Close(DialogResult.Ok(true));
        }
        catch (OperationFailedException ex)
        {
            Error = ex.Message;
        }
        finally
        {
            Busy = false;
        }
    }
}
