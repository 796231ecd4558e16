using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Engine.Access;
using Portal.Engine.Networks;
using Portal.Engine.Pipeline;
using Portal.Web.Model;
using EngineContainerDetails = Portal.Engine.Containers.ContainerDetails;

namespace Portal.Web.Components.Pages.Containers;

/// <summary>Connects and disconnects one container; the Engine decides which networks are allowed.</summary>
public sealed partial class ContainerNetworks
{
    private IReadOnlyList<string> _attachable = [];
    private string? _network;
    private bool _busy;
    private string? _error;

    [Parameter, EditorRequired] public required EngineContainerDetails Details { get; set; }

    /// <summary>Called after a change so the page reloads the container.</summary>
    [Parameter] public EventCallback Changed { get; set; }

    [Inject] public required INetworkOperations Networks { get; init; }

    [Inject] public required CurrentActor CurrentActor { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    private IEnumerable<string> Candidates => _attachable.Where(n => Details.Networks.All(a => a.Network != n));

    protected override async Task OnInitializedAsync()
    {
        try
        {
            var actor = await CurrentActor.GetAsync();
            var networks = await Networks.ListAsync(actor, CancellationToken.None);
            // Offer what the Engine would accept; it still checks.
            _attachable = networks
                .Where(n => n.Name != KnownNetworks.Host && n.Name != KnownNetworks.None && n.MayAttach(actor))
                .Select(n => n.Name).ToList();
        }
        catch (OperationFailedException ex)
        {
            _error = ex.Message;
        }
    }

    private Task ConnectAsync() => RunAsync(async actor =>
    {
        var network = _network!;
        await Networks.ConnectAsync(actor, network, new ConnectNetworkRequest { Container = Details.Summary.Id }, CancellationToken.None);
        Snackbar.Add($"Connected to {network}.", Severity.Success);
        _network = null;
    });

    private Task DisconnectAsync(string network) => RunAsync(async actor =>
    {
        await Networks.DisconnectAsync(actor, network, Details.Summary.Id, force: false, CancellationToken.None);
        Snackbar.Add($"Disconnected from {network}.", Severity.Success);
    });

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
            await Changed.InvokeAsync();
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
