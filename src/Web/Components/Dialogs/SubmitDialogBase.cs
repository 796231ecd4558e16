using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Engine.Pipeline;
using Portal.Web.Model;

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

    /// <summary>
    /// The dialog's inputs by the request's field names: a refusal about one of them marks it (<c>Error</c>/<c>ErrorText</c>)
    /// instead of the alert. None by default: every refusal goes to the alert.
    /// </summary>
    protected virtual IReadOnlyList<string> FieldInputs => [];

    /// <summary>What the last refusal said about each input; read with <see cref="FormProblems.Has"/> and <see cref="FormProblems.Of"/>.</summary>
    protected FormProblems Fields => _fields ??= new FormProblems(FieldInputs);

    private FormProblems? _fields;

    protected void Cancel() => Dialog.Cancel();

    protected async Task SubmitAsync(Func<Task> call)
    {
        if (Busy)
        {
            return;
        }

        Busy = true;
        Error = null;
        Fields.Clear();
        try
        {
            await call();
            Dialog.Close(DialogResult.Ok(true));
        }
        catch (OperationFailedException ex)
        {
            Fields.Set(ex);
            Error = Fields.General;
        }
        finally
        {
            Busy = false;
        }
    }
}
