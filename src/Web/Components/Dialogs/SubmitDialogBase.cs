using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using Portal.Engine.Pipeline;
using Portal.Web.Components.Controls;
using Portal.Web.Model;

namespace Portal.Web.Components.Dialogs;

/// <summary>
/// A dialog whose submit runs an Engine call handed in by the page: the dialog stays open and
/// filled with the Engine's message on failure, and closes with <see cref="DialogResult.Ok{T}(T)"/> on success.
/// A refusal about an input marks it, and the first marked input (else the alert) is brought into view and focused.
/// </summary>
public abstract class SubmitDialogBase : ComponentBase, IAsyncDisposable
{
    private FieldReveal? _reveal;

    [CascadingParameter]
    public required IMudDialogInstance Dialog { get; set; }

    [Inject]
    public required IJSRuntime JS { get; init; }

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

    private FieldReveal Reveal => _reveal ??= new FieldReveal(input => "#" + InputIdOf(input), "[data-testid=dialog-error]");

    /// <summary>The element id of the input that holds request field <paramref name="input"/>; the field name itself by default.</summary>
    protected virtual string InputIdOf(string input) => input;

    protected void Cancel() => Dialog.Cancel();

    /// <summary>A problem found before the Engine is asked (two passwords that differ): shown like the Engine's.</summary>
    protected void Refuse(string? field, string message)
    {
        Fields.Set(field, message);
        Error = Fields.General;
        Reveal.After(Fields);
    }

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
            Reveal.After(Fields);
        }
        finally
        {
            Busy = false;
        }
    }

    protected override Task OnAfterRenderAsync(bool firstRender) => Reveal.RevealAsync(JS, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_reveal is not null)
        {
            await _reveal.DisposeAsync();
        }
    }
}
