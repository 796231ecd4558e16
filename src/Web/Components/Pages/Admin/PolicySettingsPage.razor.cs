using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Engine.Admission;
using Portal.Engine.Pipeline;
using Portal.Engine.Policy;
using Portal.Web.Model;

namespace Portal.Web.Components.Pages.Admin;

/// <summary>The admin's admission settings: every switch and list of <see cref="PolicySettings"/>, saved through the Engine.</summary>
public sealed partial class PolicySettingsPage
{
    private PolicyForm? _form;
    private string? _error;
    private bool _busy;

    [Inject] public required PolicyOperations Policy { get; init; }

    [Inject] public required CurrentActor CurrentActor { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    protected override async Task OnInitializedAsync()
    {
        try
        {
            _form = PolicyForm.From(await Policy.GetAsync(await CurrentActor.GetAsync(), CancellationToken.None));
        }
        catch (OperationFailedException ex)
        {
            _error = ex.Message;
        }
    }

    private void Toggle(string ns, bool on)
    {
        if (on)
        {
            _form!.AllowedHostNamespaces.Add(ns);
        }
        else
        {
            _form!.AllowedHostNamespaces.Remove(ns);
        }
    }

    private void ResetToDefaults() => _form = PolicyForm.From(PolicySettings.Default);

    private async Task SaveAsync()
    {
        if (_form is null)
        {
            return;
        }

        _busy = true;
        _error = null;
        try
        {
            _form = PolicyForm.From(await Policy.SetAsync(await CurrentActor.GetAsync(), _form.ToSettings(), CancellationToken.None));
            Snackbar.Add("Admission policy saved; it applies now.", Severity.Success);
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
