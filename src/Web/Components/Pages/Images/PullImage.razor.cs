using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;
using MudBlazor;
using Portal.Engine.Formatting;
using Portal.Engine.Images;
using Portal.Engine.Images.Jobs;
using Portal.Engine.Pipeline;
using Portal.Web.Components.Controls;
using Portal.Web.Model;
using Portal.Web.Streaming;
using Portal.Web.Utils;

namespace Portal.Web.Components.Pages.Images;

/// <summary>
/// Starts pulls and shows the user's running and recent ones with a progress bar per layer. The
/// jobs live in Engine, so leaving the page does not stop them; on return the page re-attaches.
/// </summary>
public sealed partial class PullImage : IAsyncDisposable
{
    /// <summary>Progress redraws at most this often, however fast the engine reports.</summary>
    public static readonly TimeSpan RenderInterval = TimeSpan.FromMilliseconds(200);

    private readonly CancellationTokenSource _cts = new();
    private readonly Dictionary<string, ImageJobSnapshot> _jobs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _watched = new(StringComparer.Ordinal);
    private readonly List<BreadcrumbItem> _breadcrumbs = [new("Images", PortalUrls.Images()), new("Pull", null, disabled: true)];
    /// <summary>The pull request's fields (<c>reference</c>, <c>team</c>), as the form's inputs.</summary>
    private readonly FormProblems _problems = new(["reference", "team"]);
    private readonly FieldReveal _reveal = new(input => $"#pull-{input}", "[data-testid=pull-error]");
    private CallbackThrottler? _render;
    private Actor? _actor;
    private string? _reference;
    private string? _team;
    private string? _error;
    private bool _starting;

    [Inject] public required IImageTransfers Transfers { get; init; }

    [Inject] public required CurrentActor CurrentActor { get; init; }

    [Inject] public required TimeProvider Time { get; init; }

    [Inject] public required ILogger<PullImage> Logger { get; init; }

    [Inject] public required IJSRuntime JS { get; init; }

    private IEnumerable<ImageJobSnapshot> Jobs => _jobs.Values.OrderByDescending(j => j.StartedAt);

    protected override async Task OnInitializedAsync()
    {
        _render = new CallbackThrottler(_ => InvokeAsync(StateHasChanged), RenderInterval, Time, Logger);
        try
        {
            _actor = await CurrentActor.GetAsync(_cts.Token);
            foreach (var job in Transfers.ListJobs(_actor).Where(j => j.Kind is "pull" or "push"))
            {
                Track(job);
            }
        }
        catch (OperationFailedException ex)
        {
            _error = ex.Message;
        }
    }

    private async Task StartAsync()
    {
        _starting = true;
        _error = null;
        _problems.Clear();
        try
        {
            _actor ??= await CurrentActor.GetAsync(_cts.Token);
            Track(await Transfers.PullAsync(_actor, _reference ?? "", _team, _cts.Token));
            _reference = null;
        }
        catch (OperationCanceledException) when (_cts.IsCancellationRequested)
        {
            // The page is going away; a started pull goes on.
        }
        catch (OperationFailedException ex)
        {
            // A refusal about the reference or the team is said under that input; anything else above the jobs.
            _problems.Set(ex);
            _error = _problems.General;
            _reveal.After(_problems);
        }
        finally
        {
            _starting = false;
        }
    }

    private async Task OnKeyUp(KeyboardEventArgs e)
    {
        if (e.Key == "Enter" && !string.IsNullOrWhiteSpace(_reference) && !_starting)
        {
            await StartAsync();
        }
    }

    private void Cancel(string id)
    {
        try
        {
            Transfers.Cancel(_actor!, id);
        }
        catch (OperationFailedException ex)
        {
            _error = ex.Message;
        }
    }

    /// <summary>Shows the job and, while it runs, follows it until it ends or the page goes away.</summary>
    private void Track(ImageJobSnapshot job)
    {
        _jobs[job.Id] = job;
        if (job.Finished || !_watched.Add(job.Id))
        {
            return;
        }

        _ = FollowAsync(job.Id);
    }

    private async Task FollowAsync(string id)
    {
        try
        {
            await foreach (var snapshot in Transfers.WatchAsync(_actor!, id, _cts.Token))
            {
                await InvokeAsync(() => _jobs[id] = snapshot);
                _render?.Signal();
            }
        }
        catch (OperationCanceledException) when (_cts.IsCancellationRequested)
        {
            // The page went away; the job goes on in Engine.
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    private static Color ColorOf(ImageJobState state) => state switch
    {
        ImageJobState.Succeeded => Color.Success,
        ImageJobState.Failed => Color.Error,
        ImageJobState.Cancelled => Color.Warning,
        _ => Color.Info,
    };

    private static string LayerText(LayerProgress layer) =>
        layer.Total > 0 && !layer.Done ? $"{layer.Status} {ByteSize.Format(layer.Current)} / {ByteSize.Format(layer.Total)}" : layer.Status;

    protected override Task OnAfterRenderAsync(bool firstRender) => _reveal.RevealAsync(JS, _cts.Token);

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        _render?.Dispose();
        _cts.Dispose();
        await _reveal.DisposeAsync();
    }
}
