using Microsoft.AspNetCore.Components;
using Portal.Engine.Events;
using Portal.Engine.Pipeline;
using Portal.Web.Model;
using Portal.Web.Streaming;

namespace Portal.Web.Components.Pages.Stacks;

/// <summary>Status and containers follow the engine while the page is open (after Deploy, Down, or a change made elsewhere).</summary>
public sealed partial class StackPage
{
    private CatalogChangeSubscription? _changes;

    [Inject] public required CatalogNotifier Notifier { get; init; }


    [Inject] public required CurrentEnvironment PageEnvironment { get; init; }

    [Inject] public required TimeProvider Time { get; init; }

    [Inject] public required ILogger<StackPage> Logger { get; init; }

    protected override void OnInitialized() =>
        _changes = new CatalogChangeSubscription(Notifier, PageEnvironment, CatalogChangeSubscription.Containers, null, ct => InvokeAsync(ReloadStatusAsync), Time, Logger);

    private async Task ReloadStatusAsync()
    {
        if (IsNew || _details is null)
        {
            return;
        }

        try
        {
            _details = await StackOperations.GetAsync(await CurrentActor.GetAsync(), Name!, CancellationToken.None);
            StateHasChanged();
        }
        catch (OperationFailedException)
        {
            // Deleted or no longer visible: the next action says so; the page keeps what it showed.
        }
    }
}
