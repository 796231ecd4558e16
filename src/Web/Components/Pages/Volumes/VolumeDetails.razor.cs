using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Engine.Pipeline;
using Portal.Engine.Volumes;
using Portal.Web.Components.Dialogs;
using Portal.Web.Model;
using Portal.Web.Utils;

namespace Portal.Web.Components.Pages.Volumes;

/// <summary>One volume: details, users, a read-only file browser with downloads, and remove.</summary>
public sealed partial class VolumeDetails
{
    private Engine.Volumes.VolumeDetails? _details;
    private VolumeListing? _listing;
    private string? _loadedFor;
    private string? _browsedPath;
    private bool _notFound;
    private bool _busy;
    private bool _browsing;
    private string? _error;
    private string? _browseError;
    private List<BreadcrumbItem> _breadcrumbs = [];
    private List<BreadcrumbItem> _pathCrumbs = [];

    [Parameter] public string Name { get; set; } = "";

    [SupplyParameterFromQuery(Name = "path")] public string? Path { get; set; }

    [Inject] public required IVolumeOperations Volumes { get; init; }

    [Inject] public required CurrentActor CurrentActor { get; init; }

    [Inject] public required NavigationManager Navigation { get; init; }

    [Inject] public required IDialogService Dialogs { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    private string CurrentPath => _listing?.Path ?? "/";

    private string ParentPath => CurrentPath.LastIndexOf('/') is > 0 and var i ? CurrentPath[..i] : "/";

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedFor != Name)
        {
            _loadedFor = Name;
            _details = null;
            _browsedPath = null;
            _breadcrumbs = [new("Volumes", PortalUrls.Volumes), new(Name, href: null, disabled: true)];
            await LoadAsync();
        }

        if (_details is not null && _browsedPath != (Path ?? "/"))
        {
            await BrowseAsync();
        }
    }

    private async Task LoadAsync()
    {
        try
        {
            _details = await Volumes.GetAsync(await CurrentActor.GetAsync(), Name, CancellationToken.None);
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

    private async Task BrowseAsync()
    {
        _browsedPath = Path ?? "/";
        _browsing = true;
        _browseError = null;
        StateHasChanged();
        try
        {
            _listing = await Volumes.BrowseAsync(await CurrentActor.GetAsync(), Name, _browsedPath, CancellationToken.None);
        }
        catch (OperationFailedException ex)
        {
            _browseError = ex.Message;
        }
        finally
        {
            _browsing = false;
        }

        _pathCrumbs = [new("/", PortalUrls.Volume(Name))];
        var sofar = "";
        foreach (var part in CurrentPath.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            sofar += "/" + part;
            _pathCrumbs.Add(new(part, PortalUrls.Volume(Name, sofar)));
        }
    }

    private async Task RemoveAsync()
    {
        if (_busy || await ConfirmDialog.AskAsync(Dialogs, "Remove volume", $"Remove volume '{Name}'? Its data is lost.", "Remove", offerForce: false) is null)
        {
            return;
        }

        _busy = true;
        _error = null;
        try
        {
            await Volumes.RemoveAsync(await CurrentActor.GetAsync(), Name, CancellationToken.None);
            Snackbar.Add($"Volume {Name} removed.", Severity.Success);
            Navigation.NavigateTo(PortalUrls.Volumes);
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
