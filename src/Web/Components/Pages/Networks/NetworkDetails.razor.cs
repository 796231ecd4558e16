using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Engine.Networks;
using Portal.Engine.Pipeline;
using Portal.Web.Components.Dialogs;
using Portal.Web.Model;
using Portal.Web.Utils;

namespace Portal.Web.Components.Pages.Networks;

/// <summary>One network: configuration, attached containers, connect, disconnect and remove.</summary>
public sealed partial class NetworkDetails
{
    /// <summary>Containers offered at once by the Connect picker.</summary>
    private const int PickerItems = 20;

    private Engine.Networks.NetworkDetails? _details;
    private string? _loadedFor;
    private bool _notFound;
    private bool _busy;
    private string? _error;
    private string _connectContainer = "";
    private string _connectAliases = "";
    private string _connectIp = "";
    private List<BreadcrumbItem> _breadcrumbs = [];

    [Parameter] public string IdOrName { get; set; } = "";

    [Inject] public required INetworkOperations Networks { get; init; }

    [Inject] public required CurrentActor CurrentActor { get; init; }

    [Inject] public required Engine.Containers.IContainerOperations Containers { get; init; }

    [Inject] public required NavigationManager Navigation { get; init; }

    [Inject] public required IDialogService Dialogs { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedFor == IdOrName)
        {
            return;
        }

        _loadedFor = IdOrName;
        _details = null;
        _breadcrumbs = [new("Networks", PortalUrls.Networks), new(IdOrName, href: null, disabled: true)];
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            _details = await Networks.GetAsync(await CurrentActor.GetAsync(), IdOrName, CancellationToken.None);
            _notFound = false;
        }
        catch (OperationFailedException ex) when (ex.Outcome == OperationOutcome.NotFound)
        {
            _notFound = true;
        }
        catch (OperationFailedException ex)
        {
            _error = ex.Message;
        }
    }

    /// <summary>Containers the person may see in this environment (the catalog), less those already attached.</summary>
    private async Task<IEnumerable<string>> SuggestContainersAsync(string? text, CancellationToken cancellationToken)
    {
        try
        {
            var names = await ContainerSuggestions.NamesAsync(Containers, await CurrentActor.GetAsync(cancellationToken), text, PickerItems, cancellationToken);
            var attached = _details?.Members.Select(m => m.Name).ToHashSet(StringComparer.Ordinal) ?? [];
            return names.Where(n => !attached.Contains(n));
        }
        catch (OperationFailedException)
        {
            // Only suggestions: a typed name still goes to the Engine, which explains any failure.
            return [];
        }
    }

    private Task ConnectAsync() => RunAsync(async actor =>
    {
        var aliases = _connectAliases.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        await Networks.ConnectAsync(actor, IdOrName, new ConnectNetworkRequest { Container = _connectContainer.Trim(), Aliases = aliases, IPv4Address = _connectIp }, CancellationToken.None);
        Snackbar.Add($"Connected {_connectContainer.Trim()}.", Severity.Success);
        _connectContainer = _connectAliases = _connectIp = "";
    });

    private Task DisconnectAsync(string container) => RunAsync(async actor =>
    {
        await Networks.DisconnectAsync(actor, IdOrName, container, force: false, CancellationToken.None);
        Snackbar.Add($"Disconnected {container}.", Severity.Success);
    });

    private async Task RemoveAsync()
    {
        if (await ConfirmDialog.AskAsync(Dialogs, "Remove network", $"Remove network '{IdOrName}'?", "Remove", offerForce: false) is null)
        {
            return;
        }

        await RunAsync(async actor =>
        {
            await Networks.RemoveAsync(actor, IdOrName, CancellationToken.None);
            Snackbar.Add($"Network {IdOrName} removed.", Severity.Success);
            Navigation.NavigateTo(PortalUrls.Networks);
        });
    }

    private async Task RunAsync(Func<Actor, Task> action)
    {
        if (_busy)
        {
            return;
        }

        _busy = true;
        _error = null;
        try
        {
            await action(await CurrentActor.GetAsync());
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
