using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Engine.Images;
using Portal.Engine.Pipeline;
using Portal.Web.Components.Dialogs;
using Portal.Web.Model;
using Portal.Web.Utils;

namespace Portal.Web.Components.Pages.Images;

/// <summary>The images on the engine that the user may see, with filters in the URL and prune.</summary>
public sealed partial class ImageList : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private ImageListFilter _filter = ImageListFilter.Default;
    private IReadOnlyList<ImageSummary>? _images;
    private string? _error;
    private bool _busy;

    [SupplyParameterFromQuery(Name = "dangling")] public string? DanglingQuery { get; set; }

    [SupplyParameterFromQuery(Name = "usage")] public string? UsageQuery { get; set; }

    [SupplyParameterFromQuery(Name = "q")] public string? TextQuery { get; set; }

    [Inject] public required IImageOperations Images { get; init; }

    [Inject] public required CurrentActor CurrentActor { get; init; }

    [Inject] public required NavigationManager Navigation { get; init; }

    [Inject] public required IDialogService Dialogs { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    [Inject] public required ILogger<ImageList> Logger { get; init; }

    protected override async Task OnParametersSetAsync()
    {
        _filter = ImageListFilter.From(DanglingQuery, UsageQuery, TextQuery);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            var actor = await CurrentActor.GetAsync(_cts.Token);
            _images = await Images.ListAsync(actor, _filter.ToRequest(), _cts.Token);
            _error = null;
        }
        catch (OperationCanceledException) when (_cts.IsCancellationRequested)
        {
            // The page is going away.
        }
        catch (OperationFailedException ex)
        {
            _images ??= [];
            _error = ex.Message;
        }
    }

    private void OnTextChanged(string? text) => Navigate(_filter with { Text = text });

    private void OnDanglingChanged(string? value) => Navigate(_filter with { Dangling = value });

    private void OnUsageChanged(string? value) => Navigate(_filter with { Usage = value });

    private void Navigate(ImageListFilter filter) =>
        Navigation.NavigateTo(PortalUrls.Images(ImageListFilter.From(filter.Dangling, filter.Usage, filter.Text)), replace: true);

    private async Task PruneAsync()
    {
        var confirmed = await ConfirmDialog.AskAsync(Dialogs, "Prune",
            "Remove every dangling image (untagged and unused) that you may change? This cannot be undone.", "Prune", offerForce: false);
        if (confirmed is null)
        {
            return;
        }

        _busy = true;
        try
        {
            var result = await Images.PruneAsync(await CurrentActor.GetAsync(_cts.Token), _cts.Token);
            Snackbar.Add($"Removed {result.Deleted.Count} image layer(s), reclaimed {ByteSize.Format(result.SpaceReclaimed)}.", Severity.Success);
            await LoadAsync();
        }
        catch (OperationFailedException ex)
        {
            Logger.LogInformation("Prune refused or failed: {Message}", ex.Message);
            _error = ex.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    public void Dispose()
    {
        _cts.Cancel();
        _cts.Dispose();
    }
}
