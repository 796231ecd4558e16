using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using Portal.Engine.Images;
using Portal.Engine.Pipeline;
using Portal.Web.Components.Controls;
using Portal.Web.Components.Dialogs;
using Portal.Web.Model;
using Portal.Web.Utils;
using EngineImageDetails = Portal.Engine.Images.ImageDetails;

namespace Portal.Web.Components.Pages.Images;

/// <summary>One image: inspect and history in tabs, tag and untag, remove.</summary>
public sealed partial class ImageDetails : IAsyncDisposable
{
    /// <summary>Tab names as they appear in the URL, in panel order.</summary>
    public static readonly IReadOnlyList<string> Tabs = ["overview", "history", "labels"];

    private readonly CancellationTokenSource _cts = new();

    /// <summary>The tag call's field (<c>target</c>), the "Add tag" input.</summary>
    private readonly FormProblems _tagProblems = new(["target"]);
    private readonly FieldReveal _reveal = new(_ => "#image-tag-target", "[data-testid=image-error]");
    private EngineImageDetails? _details;
    private bool _notFound;
    private string? _error;
    private bool _busy;
    private string? _newTag;
    private List<BreadcrumbItem> _breadcrumbs = [];

    [Parameter] public string Reference { get; set; } = "";

    [SupplyParameterFromQuery(Name = "tab")] public string? Tab { get; set; }

    [Inject] public required IImageOperations Images { get; init; }

    [Inject] public required CurrentActor CurrentActor { get; init; }

    [Inject] public required NavigationManager Navigation { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    [Inject] public required IDialogService Dialogs { get; init; }

    [Inject] public required IJSRuntime JS { get; init; }

    private int ActiveTab
    {
        get => Math.Max(0, Tabs.ToList().IndexOf(Tab ?? "overview"));
        set => Navigation.NavigateTo(PortalUrls.Image(ImageKey, Tabs[Math.Clamp(value, 0, Tabs.Count - 1)]), replace: true);
    }

    protected override async Task OnParametersSetAsync()
    {
        _breadcrumbs = [new("Images", PortalUrls.Images()), new(ImageKey, null, disabled: true)];
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            _details = await Images.GetAsync(await CurrentActor.GetAsync(_cts.Token), ImageKey, _cts.Token);
            _notFound = false;
        }
        catch (OperationCanceledException) when (_cts.IsCancellationRequested)
        {
            // The page is going away.
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

    private async Task TagAsync()
    {
        var target = _newTag?.Trim() ?? "";
        if (await RunAsync(actor => Images.TagAsync(actor, ImageKey, target, _cts.Token), _tagProblems))
        {
            Snackbar.Add($"Tagged {target}.", Severity.Success);
            _newTag = null;
            await LoadAsync();
        }
    }

    private async Task UntagAsync(string tag)
    {
        if (_details is { } d && d.Summary.Tags.Count == 1)
        {
            // The last tag goes with the image itself: ask as for a removal.
            await RemoveImageAsync();
            return;
        }

        if (await RunAsync(actor => Images.RemoveAsync(actor, tag, force: false, _cts.Token)))
        {
            Snackbar.Add($"Removed tag {tag}.", Severity.Success);
            // The page may have been opened through the tag just removed: move to the id.
            Navigation.NavigateTo(PortalUrls.Image(ImageKey == tag && _details is not null ? _details.Summary.Id : ImageKey), replace: true);
            await LoadAsync();
        }
    }

    private async Task RemoveImageAsync()
    {
        var name = _details?.Summary.DisplayName ?? ImageKey;
        var force = await ConfirmDialog.AskAsync(Dialogs, "Remove image",
            $"Remove '{name}' and all its tags? This cannot be undone.", "Remove", offerForce: true,
            forceLabel: "Force: remove even if stopped containers of yours use it");
        if (force is null)
        {
            return;
        }

        var id = _details?.Summary.Id ?? ImageKey;
        if (await RunAsync(actor => Images.RemoveAsync(actor, id, force.Value, _cts.Token)))
        {
            Snackbar.Add($"Removed {name}.", Severity.Success);
            Navigation.NavigateTo(PortalUrls.Images());
        }
    }

    /// <summary>
    /// The reference the page was opened with, which the engine resolves like the CLI. Catch-all
    /// route values may arrive still percent-encoded; references never contain '%', so unescaping is safe.
    /// </summary>
    private string ImageKey => Uri.UnescapeDataString(Reference);

    /// <summary>Runs one change; a refusal goes to the alert, or under the input that <paramref name="problems"/> says holds its field.</summary>
    private async Task<bool> RunAsync(Func<Actor, Task> call, FormProblems? problems = null)
    {
        _busy = true;
        _error = null;
        _tagProblems.Clear();
        try
        {
            await call(await CurrentActor.GetAsync(_cts.Token));
            return true;
        }
        catch (OperationCanceledException) when (_cts.IsCancellationRequested)
        {
            return false;
        }
        catch (OperationFailedException ex) when (problems is not null)
        {
            problems.Set(ex);
            _error = problems.General;
            _reveal.After(problems);
            return false;
        }
        catch (OperationFailedException ex)
        {
            _error = ex.Message;
            return false;
        }
        finally
        {
            _busy = false;
        }
    }

    protected override Task OnAfterRenderAsync(bool firstRender) => _reveal.RevealAsync(JS, _cts.Token);

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        _cts.Dispose();
        await _reveal.DisposeAsync();
    }
}
