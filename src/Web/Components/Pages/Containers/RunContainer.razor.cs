using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using Portal.Engine.Containers;
using Portal.Engine.Images;
using Portal.Engine.Networks;
using Portal.Engine.Pipeline;
using Portal.Engine.Teams;
using Portal.Web.Components.Controls;
using Portal.Web.Model;
using Portal.Web.Utils;

namespace Portal.Web.Components.Pages.Containers;

/// <summary>The <c>docker run -d</c> form. Only splits text; the Engine validates, admits and reports errors.</summary>
public sealed partial class RunContainer : IAsyncDisposable
{
    /// <summary>Select value for "no team"; MudSelect cannot tell a null choice from no choice.</summary>
    private const string NoTeam = "-";

    /// <summary>Image suggestions shown at once: enough to pick from, few enough to read.</summary>
    private const int MaxImageSuggestions = 12;

    private readonly CancellationTokenSource _cts = new();
    private readonly RunContainerForm _form = new();

    /// <summary>The form's inputs by the request's field names, in the order they appear.</summary>
    private readonly FormProblems _problems = new(
        ["image", "name", "command", "ports", "env", "volumes", "binds", "networks", "labels", "restart", "memory", "cpus", "team"],
        new HashSet<string>(StringComparer.Ordinal) { "ports", "env", "volumes", "binds" });
    private readonly List<BreadcrumbItem> _breadcrumbs =
    [
        new("Containers", PortalUrls.Containers()),
        new("Run", href: null, disabled: true),
    ];

    private IReadOnlyList<string> _teams = [];
    private IReadOnlyList<string> _networks = [];
    private readonly FieldReveal _reveal = new(input => $"#run-{input}", "[data-testid=run-error]");
    private bool _isAdmin;
    private bool _busy;
    private string? _error;

    [Inject] public required IContainerOperations Containers { get; init; }

    [Inject] public required TeamOperations TeamOperations { get; init; }

    [Inject] public required INetworkOperations Networks { get; init; }

    [Inject] public required CurrentActor CurrentActor { get; init; }

    [Inject] public required NavigationManager Navigation { get; init; }

    [Inject] public required IImageOperations Images { get; init; }

    /// <summary>The image to fill in (<c>?image=</c>), as the image page's Run button sends it.</summary>
    [SupplyParameterFromQuery(Name = "image")]
    public string? Image { get; set; }

    [Inject] public required IJSRuntime JS { get; init; }

    private string TeamHelp => _isAdmin
        ? "Members of this team will see and manage the container."
        : _teams.Count == 0 ? "You are not an operator of any team, so you cannot run containers." : "Teams you operate.";

    private string NetworkHelp => _networks.Count == 0
        ? "No team networks yet: the container joins the default bridge. Create one under Networks."
        : "Your teams' and shared networks; none selected joins the default bridge. Containers on one network reach each other by name.";

    protected override async Task OnInitializedAsync()
    {
        if (!string.IsNullOrWhiteSpace(Image))
        {
            _form.Image = Image.Trim();
        }

        try
        {
            var actor = await CurrentActor.GetAsync(_cts.Token);
            _isAdmin = actor.IsAdmin;
            // Offering only teams the Engine would accept saves a round trip; the Engine still checks.
            _teams = await TeamOperations.ListOperableAsync(actor, _cts.Token);
            var networks = await Networks.ListAsync(actor, _cts.Token);
            _networks = networks.Where(n => !n.BuiltIn && n.MayAttach(actor)).Select(n => n.Name).ToList();
            _form.Team = _isAdmin ? NoTeam : _teams.Count == 1 ? _teams[0] : null;
        }
        catch (OperationFailedException ex)
        {
            _error = ex.Message;
        }
    }

    private async Task SubmitAsync()
    {
        if (_busy)
        {
            return;
        }

        RunContainerRequest request;
        try
        {
            request = _form.ToRequest() with { Team = _form.Team == NoTeam ? null : _form.Team };
        }
        catch (FieldFormatException ex)
        {
            Show(ex.Field, ex.Message);
            return;
        }

        _busy = true;
        _error = null;
        _problems.Clear();
        try
        {
            var actor = await CurrentActor.GetAsync(_cts.Token);
            var created = await Containers.RunAsync(actor, request, _cts.Token);
            Navigation.NavigateTo(PortalUrls.Container(created.Name));
        }
        catch (OperationFailedException ex)
        {
            _problems.Set(ex);
            _reveal.After(_problems);
        }
        catch (OperationCanceledException) when (_cts.IsCancellationRequested)
        {
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>
    /// Tags of the local images the person may see in this environment that contain the typed text,
    /// read from the catalog (one query per pause in typing, never the engine).
    /// </summary>
    private async Task<IEnumerable<string>> SuggestImagesAsync(string? text, CancellationToken cancellationToken)
    {
        var typed = text?.Trim() ?? "";
        try
        {
            var actor = await CurrentActor.GetAsync(cancellationToken);
            var images = await Images.ListAsync(actor, new ImageListRequest
            {
                Dangling = false,
                Text = typed.Length == 0 ? null : typed,
                Take = MaxImageSuggestions,
            }, cancellationToken);
            return images.SelectMany(i => i.Tags)
                .Where(t => t.Contains(typed, StringComparison.OrdinalIgnoreCase))
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .Take(MaxImageSuggestions)
                .ToList();
        }
        catch (OperationFailedException)
        {
            // Suggestions are a convenience; the typed reference still goes to the Engine, which explains any failure.
            return [];
        }
    }

    private void Show(string field, string message)
    {
        _problems.Set(field, message);
        _reveal.After(_problems);
    }

    private void ClearGeneral()
    {
        _error = null;
        _problems.Clear();
    }

    /// <summary>After a refusal is drawn: the first marked field, else the alert, is brought into view and focused.</summary>
    protected override Task OnAfterRenderAsync(bool firstRender) => _reveal.RevealAsync(JS, _cts.Token);

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        _cts.Dispose();
        await _reveal.DisposeAsync();
    }
}
