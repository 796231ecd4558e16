using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Engine.Docker;
using Portal.Engine.Environments;
using Portal.Engine.Pipeline;
using Portal.Engine.Teams;
using Portal.Web.Components.Dialogs;
using Portal.Web.Model;

namespace Portal.Web.Components.Pages.Admin;

/// <summary>Environments: the list with each one's state, and the dialogs to add, edit, test, grant and delete.</summary>
public sealed partial class EnvironmentList : IDisposable
{
    private IReadOnlyList<EnvironmentInfo> _environments = [];
    private bool _loading = true;
    private string? _error;
    private string? _testing;
    private (string Name, EnvironmentProbe Probe, string? Pinned)? _tested;
    private readonly HashSet<EngineConnection> _watched = [];

    [Inject] public required EnvironmentOperations Operations { get; init; }

    [Inject] public required TeamOperations Teams { get; init; }

    [Inject] public required Engines Engines { get; init; }

    [Inject] public required CurrentActor CurrentActor { get; init; }

    [Inject] public required IDialogService Dialogs { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    protected override async Task OnInitializedAsync()
    {
        // A connection's state changes on its own: show it without a reload.
        Engines.Added += OnEnginesChanged;
        Engines.Removed += OnEnginesChanged;
        await LoadAsync();
    }

    public void Dispose()
    {
        Engines.Added -= OnEnginesChanged;
        Engines.Removed -= OnEnginesChanged;
        lock (_watched)
        {
            foreach (var connection in _watched)
            {
                connection.StatusChanged -= OnStatusChanged;
            }
        }
    }

    private void OnEnginesChanged(EnvironmentEngine engine) => _ = InvokeAsync(LoadAsync);

    private void OnStatusChanged(EngineStatus status) => _ = InvokeAsync(LoadAsync);

    private async Task LoadAsync()
    {
        lock (_watched)
        {
            foreach (var engine in Engines.All.Where(e => _watched.Add(e.Connection)))
            {
                engine.Connection.StatusChanged += OnStatusChanged;
            }
        }

        try
        {
            _environments = await Operations.ListAsync(await CurrentActor.GetAsync(), CancellationToken.None);
        }
        catch (OperationFailedException ex)
        {
            _error = ex.Message;
        }
        finally
        {
            _loading = false;
            StateHasChanged();
        }
    }

    private Task CreateAsync() => ShowDialogAsync("Add environment", new EnvironmentForm(),
        async request => await Operations.CreateAsync(await CurrentActor.GetAsync(), request, CancellationToken.None),
        async request => await Operations.TestAsync(await CurrentActor.GetAsync(), request, CancellationToken.None));

    private Task EditAsync(EnvironmentInfo environment) => ShowDialogAsync($"Edit {environment.Name}", EnvironmentForm.For(environment),
        async request => await Operations.UpdateAsync(await CurrentActor.GetAsync(), environment.Name, request, CancellationToken.None),
        async request => await Operations.TestAsync(await CurrentActor.GetAsync(), environment.Name, request, CancellationToken.None));

    private async Task ShowDialogAsync(string title, EnvironmentForm form, Func<EnvironmentRequest, Task> submit, Func<EnvironmentRequest, Task<EnvironmentProbe>> test)
    {
        var parameters = new DialogParameters<EnvironmentDialog>
        {
            { d => d.Form, form },
            { d => d.OnSubmit, submit },
            { d => d.OnTest, test },
        };
        var dialog = await Dialogs.ShowAsync<EnvironmentDialog>(title, parameters, new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add($"Environment {form.Name} saved.", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task TestAsync(EnvironmentInfo environment)
    {
        _testing = environment.Name;
        try
        {
            var probe = await Operations.TestAsync(await CurrentActor.GetAsync(), environment.Name, null, CancellationToken.None);
            _tested = (environment.Name, probe, environment.SshHostKeyFingerprint);
        }
        catch (OperationFailedException ex)
        {
            _error = ex.Message;
        }
        finally
        {
            _testing = null;
        }
    }

    /// <summary>The administrator confirmed the host key the test showed: pin it (this reconnects the environment).</summary>
    private async Task TrustAsync(string name, string fingerprint)
    {
        try
        {
            await Operations.UpdateAsync(await CurrentActor.GetAsync(), name, new EnvironmentRequest { SshHostKeyFingerprint = fingerprint }, CancellationToken.None);
            Snackbar.Add($"Host key of {name} trusted.", Severity.Success);
            _tested = _tested is { } t ? t with { Pinned = fingerprint } : null;
            await LoadAsync();
        }
        catch (OperationFailedException ex)
        {
            _error = ex.Message;
        }
    }

    private async Task GrantsAsync(string name)
    {
        var teams = (await Teams.ListAsync(await CurrentActor.GetAsync(), CancellationToken.None)).Select(t => t.Name).ToList();
        var parameters = new DialogParameters<EnvironmentGrantsDialog>
        {
            { d => d.Environment, name },
            { d => d.Teams, teams },
        };
        await Dialogs.ShowAsync<EnvironmentGrantsDialog>($"Teams on {name}", parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
    }

    /// <summary>Refused while stacks are recorded there; the refusal, naming them, is shown above the table.</summary>
    private async Task DeleteAsync(string name)
    {
        if (await ConfirmDialog.AskAsync(Dialogs, "Delete environment", $"Stop driving {name}? Its team grants and catalog go; nothing on its engine is touched.", "Delete", offerForce: false) is null)
        {
            return;
        }

        try
        {
            await Operations.DeleteAsync(await CurrentActor.GetAsync(), name, CancellationToken.None);
            _error = null;
            Snackbar.Add($"Environment {name} deleted.", Severity.Success);
        }
        catch (OperationFailedException ex)
        {
            _error = ex.Message;
        }

        await LoadAsync();
    }

    private static Color ColorOf(string state) => state switch
    {
        nameof(EngineState.Connected) => Color.Success,
        nameof(EngineState.Connecting) => Color.Warning,
        _ => Color.Error,
    };
}
