using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Engine.Images;
using Portal.Engine.Pipeline;
using Portal.Engine.Registries;
using Portal.Web.Components.Dialogs;
using Portal.Web.Utils;

namespace Portal.Web.Components.Pages.Images;

/// <summary>Push: pick a registry and repository:tag, start the job, then follow it on the jobs page.</summary>
public sealed partial class ImageDetails
{
    [Inject] public required IImageTransfers Transfers { get; init; }

    [Inject] public required IRegistryOperations Registries { get; init; }

    private async Task PushAsync()
    {
        _error = null;
        try
        {
            var actor = await CurrentActor.GetAsync(_cts.Token);
            var registries = await Registries.ListAsync(actor, _cts.Token);
            // Suggest the first tag without a registry host in front of it.
            var suggested = _details?.Summary.Tags.FirstOrDefault() is { } tag
                ? (RegistryHosts.HostOf(tag) == RegistryHosts.DockerHub ? tag : tag[(tag.IndexOf('/', StringComparison.Ordinal) + 1)..])
                : null;
            var parameters = new DialogParameters<PushImageDialog>
            {
                { d => d.Registries, registries },
                { d => d.SuggestedTarget, suggested },
                { d => d.OnSubmit, async request => await Transfers.PushAsync(actor, ImageKey, request, CancellationToken.None) },
            };
            var dialog = await Dialogs.ShowAsync<PushImageDialog>("Push image", parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
            if (await dialog.Result is { Canceled: false })
            {
                Navigation.NavigateTo(PortalUrls.PullImage);
            }
        }
        catch (OperationFailedException ex)
        {
            _error = ex.Message;
        }
    }
}
