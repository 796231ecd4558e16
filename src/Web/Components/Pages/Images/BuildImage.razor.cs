using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Options;
using MudBlazor;
using Portal.Engine.Configuration;
using Portal.Engine.Formatting;
using Portal.Engine.Images;
using Portal.Engine.Images.Build;
using Portal.Engine.Images.Jobs;
using Portal.Engine.Pipeline;
using Portal.Web.Components.Controls;
using Portal.Web.Model;
using Portal.Web.Streaming;
using Portal.Web.Utils;

namespace Portal.Web.Components.Pages.Images;

/// <summary>
/// Builds from an uploaded context archive or a typed Dockerfile and follows the build log. The
/// upload is checked as it streams from the browser on to the Docker engine; the build is an Engine job, so it goes on if the page closes.
/// </summary>
public sealed partial class BuildImage : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly List<BreadcrumbItem> _breadcrumbs = [new("Images", PortalUrls.Images()), new("Build", null, disabled: true)];
    private readonly BuildImageForm _form = new();

    /// <summary>The build request's fields (<see cref="ImageBuildRequest"/> as JSON), as the form's inputs.</summary>
    private readonly FormProblems _problems = new(["dockerfileText", "tags", "team", "dockerfile", "target", "networkMode", "buildArgs", "labels"]);
    private readonly FieldReveal _reveal = new(input => "#" + InputIdOf(input), "[data-testid=build-error]");
    private CallbackThrottler? _render;
    private IBrowserFile? _archive;
    private IReadOnlyList<IBrowserFile> _files = [];
    private ImageJobSnapshot? _job;
    private Actor? _actor;
    private string? _error;
    private int _mode;
    private bool _starting;
    private bool _disposed;

    [Inject] public required IImageBuilds Builds { get; init; }

    [Inject] public required IImageTransfers Transfers { get; init; }

    [Inject] public required IOptions<EngineOptions> Options { get; init; }

    [Inject] public required CurrentActor CurrentActor { get; init; }

    [Inject] public required TimeProvider Time { get; init; }

    [Inject] public required ILogger<BuildImage> Logger { get; init; }

    private long MaxBytes => Options.Value.MaxBuildContextBytes;

    private string Limit => ByteSize.Format(MaxBytes);

    protected override async Task OnInitializedAsync()
    {
        _render = new CallbackThrottler(_ => InvokeAsync(StateHasChanged), PullImage.RenderInterval, Time, Logger);
        try
        {
            _actor = await CurrentActor.GetAsync(_cts.Token);
            // Re-attach to the user's latest build so leaving and coming back shows it again.
            if (Transfers.ListJobs(_actor).FirstOrDefault(j => j.Kind == "build") is { } latest)
            {
                Follow(latest);
            }
        }
        catch (OperationFailedException ex)
        {
            _error = ex.Message;
        }
    }

    private void OnArchiveChosen(InputFileChangeEventArgs e)
    {
        _archive = e.File;
        _error = _archive.Size > MaxBytes ? $"The build context is larger than the limit of {Limit}." : null;
    }

    private void OnFilesChosen(InputFileChangeEventArgs e) => _files = e.GetMultipleFiles(1000);

    private static string InputIdOf(string input) => input switch
    {
        "dockerfileText" => "build-dockerfile-text",
        "networkMode" => "build-network",
        "buildArgs" => "build-args",
        _ => "build-" + input,
    };

    /// <summary>A refusal about one of the form's inputs is said under it; anything else in the alert below the form.</summary>
    private void Refuse(string? field, string message) => Refuse(new OperationFailedException(OperationOutcome.Invalid, message) { Field = field });

    private void Refuse(OperationFailedException failure)
    {
        _problems.Set(failure);
        _error = _problems.General;
        _reveal.After(_problems);
    }

    private async Task StartAsync()
    {
        _starting = true;
        _error = null;
        _problems.Clear();
        try
        {
            _actor ??= await CurrentActor.GetAsync(_cts.Token);
            ImageJobSnapshot job;
            if (_mode == FolderMode)
            {
                await StartFolderAsync(_actor);
                return;
            }

            if (_mode == 0)
            {
                if (_archive is null || _archive.Size > MaxBytes)
                {
                    // Refused before any byte leaves the browser.
                    _error = _archive is null ? "Choose a context archive." : $"The build context is larger than the limit of {Limit}.";
                    return;
                }

                var stream = _archive.OpenReadStream(MaxBytes, _cts.Token);
                await using (stream)
                {
                    job = await Builds.BuildAsync(_actor, _form.ToRequest(null), stream, _cts.Token);
                }
            }
            else
            {
                var files = _files.Select(f => new BuildFile(f.Name, () => f.OpenReadStream(MaxBytes, _cts.Token))).ToList();
                job = await Builds.BuildAsync(_actor, _form.ToRequest(files), null, _cts.Token);
            }

            Follow(job);
        }
        catch (OperationCanceledException) when (_cts.IsCancellationRequested)
        {
            // The page is going away; a started build goes on.
        }
        catch (OperationFailedException ex)
        {
            Refuse(ex);
        }
        catch (Exception ex) when (ex is FormatException or Microsoft.JSInterop.JSException)
        {
            _error = ex.Message;
        }
        finally
        {
            _starting = false;
        }
    }

    private void Cancel()
    {
        try
        {
            Transfers.Cancel(_actor!, _job!.Id);
        }
        catch (OperationFailedException ex)
        {
            _error = ex.Message;
        }
    }

    private void Follow(ImageJobSnapshot job)
    {
        _job = job;
        if (!job.Finished)
        {
            _ = FollowAsync(job.Id);
        }
    }

    private async Task FollowAsync(string id)
    {
        try
        {
            await foreach (var snapshot in Transfers.WatchAsync(_actor!, id, _cts.Token))
            {
                await InvokeAsync(() =>
                {
                    // A newer build started from this page replaces the one shown.
                    if (_job?.Id == id)
                    {
                        _job = snapshot;
                    }
                });
                _render?.Signal();
            }
        }
        catch (OperationCanceledException) when (_cts.IsCancellationRequested)
        {
            // The page went away; the build goes on in Engine.
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

    public void Dispose()
    {
        // DisposeAsync calls this too; the second call finds nothing left to do.
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _cts.Cancel();
        _render?.Dispose();
        _cts.Dispose();
    }
}
