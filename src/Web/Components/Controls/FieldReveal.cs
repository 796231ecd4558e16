using Microsoft.JSInterop;
using Portal.Web.Model;

namespace Portal.Web.Components.Controls;

/// <summary>
/// After a refusal is drawn on a form, brings the first marked input (or, when no input is marked, the form's alert)
/// into view below the app bar and puts the caret there, once; the browser only scrolls when it is off screen.
/// One per form: the page calls <see cref="After"/> when it lays a refusal onto its <see cref="FormProblems"/> and
/// <see cref="RevealAsync"/> from <c>OnAfterRenderAsync</c>.
/// </summary>
/// <param name="selectorOf">The CSS selector of the element that holds an input, by the request's field name.</param>
/// <param name="alertSelector">The CSS selector of the form's alert, for a refusal no input holds.</param>
public sealed class FieldReveal(Func<string, string> selectorOf, string alertSelector) : IAsyncDisposable
{
    private IJSObjectReference? _module;
    private string? _pending;

    /// <summary>The form just took <paramref name="problems"/>: the next render's reveal goes to its first marked input, else the alert.</summary>
    public void After(FormProblems problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        _pending = problems.First is { } input ? selectorOf(input) : problems.Any ? alertSelector : null;
    }

    /// <summary>Reveals what <see cref="After"/> chose, if anything is waiting; a closed browser is not an error.</summary>
    public async Task RevealAsync(IJSRuntime js, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(js);
        if (_pending is not { } target)
        {
            return;
        }

        _pending = null;
        try
        {
            _module ??= await js.InvokeAsync<IJSObjectReference>("import", cancellationToken, "./js/field-errors.js");
            await _module.InvokeAsync<bool>("reveal", cancellationToken, target);
        }
        catch (Exception ex) when (ex is JSDisconnectedException or OperationCanceledException or JSException)
        {
            // Scrolling is a courtesy: the marks are drawn whether or not the browser is still there.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_module is null)
        {
            return;
        }

        try
        {
            await _module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The browser is gone, and the module with it.
        }
    }
}
