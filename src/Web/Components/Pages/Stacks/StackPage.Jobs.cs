using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Web.Components.Dialogs;
using Portal.Engine.Compose.Execution;
using Portal.Engine.Compose.Stacks;
using Portal.Engine.Pipeline;

namespace Portal.Web.Components.Pages.Stacks;

public sealed partial class StackPage : IAsyncDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private StackJobSnapshot? _job;
    private Task _watch = Task.CompletedTask;
    private bool _downVolumes;
    private string? _scaleService;
    private int _scaleReplicas = 1;

    [Inject] public required StackJobs Jobs { get; init; }

    [Inject] public required IDialogService Dialogs { get; init; }

    /// <summary>Deploys what the editor shows: unsaved text is saved as the next revision first, as a new user expects.</summary>
    private async Task UpAsync()
    {
        await FlushEditorAsync();
        if (_editor.IsDirty)
        {
            var saved = false;
            await BusyAsync(async actor => saved = await SaveEditedAsync(actor), "Saving before deploy");
            if (!saved)
            {
                return;
            }
        }

        await RunAsync("up");
    }

    /// <summary>Down removes containers (and with volumes, their data): the person confirms first.</summary>
    private async Task DownAsync()
    {
        var message = $"Take down stack '{Name}'? Its containers and networks are removed"
            + (_downVolumes ? ", and its volumes with all their data." : "; its volumes are kept.");
        if (await ConfirmDialog.AskAsync(Dialogs, "Take down stack", message, _downVolumes ? "Down and delete volumes" : "Down", offerForce: false) is not null)
        {
            await RunAsync("down");
        }
    }

    /// <summary>Starts the action as a stack job (it goes on if the page closes) and follows its snapshots.</summary>
    private async Task RunAsync(string action)
    {
        _error = null;
        try
        {
            var actor = await CurrentActor.GetAsync();
            var name = Name!;
            Func<IProgress<ComposeEvent>, CancellationToken, Task<StackActionResult>> body = action switch
            {
                "up" => (p, ct) => StackOperations.UpAsync(actor, name, new ComposeUpOptions(), p, ct),
                "down" => (p, ct) => StackOperations.DownAsync(actor, name, _downVolumes, p, ct),
                "start" => (p, ct) => StackOperations.StartAsync(actor, name, p, ct),
                "stop" => (p, ct) => StackOperations.StopAsync(actor, name, p, ct),
                "restart" => (p, ct) => StackOperations.RestartAsync(actor, name, p, ct),
                "pull" => (p, ct) => StackOperations.PullAsync(actor, name, p, ct),
                "build" => (p, ct) => StackOperations.BuildAsync(actor, name, p, ct),
                "scale" => (p, ct) => StackOperations.ScaleAsync(actor, name, _scaleService!, _scaleReplicas, p, ct),
                _ => throw new ArgumentOutOfRangeException(nameof(action)),
            };
            // The same entry point as the REST routes: refusals (Portal's own container in the project, a stack this person
            // may only look at) answer at once, not as a failed job, and the job carries the stack's team.
            _busy = true;
            var job = await Jobs.StartAsync(actor, name, action, body, _cts.Token);
            _job = job;
            _watch = FollowAsync(job.Id, actor);
        }
        catch (OperationFailedException ex)
        {
            _error = ex.Message;
            _busy = false;
        }
    }

    /// <summary>Stops the running action; what it already did stays done, as with Ctrl-C on <c>docker compose</c>.</summary>
    private async Task CancelJobAsync()
    {
        try
        {
            Jobs.Cancel(await CurrentActor.GetAsync(), _job!.Id);
        }
        catch (OperationFailedException ex)
        {
            _error = ex.Message;
        }
    }

    private async Task FollowAsync(string id, Actor actor)
    {
        try
        {
            await foreach (var snapshot in Jobs.WatchAsync(actor, id, _cts.Token))
            {
                _job = snapshot;
                if (snapshot.Finished)
                {
                    _busy = false;
                    await ReloadAsync(actor, files: false);
                    await DeleteAfterDownAsync(snapshot);
                }

                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException)
        {
            // The page closed; the job goes on.
        }
        catch (OperationFailedException ex)
        {
            _error = ex.Message;
            _busy = false;
            await InvokeAsync(StateHasChanged);
        }
    }

    /// <summary>The newest event per resource: one row per service replica, network and volume.</summary>
    private IEnumerable<ComposeEvent> LatestByResource() =>
        _job is null ? [] : _job.Events.GroupBy(e => e.Resource).Select(g => g.Last()).OrderBy(e => e.Resource, StringComparer.Ordinal);

    public async ValueTask DisposeAsync()
    {
        _changes?.Dispose();
        await _cts.CancelAsync();
        try
        {
            await _watch;
        }
        catch (OperationCanceledException)
        {
            // Expected on close.
        }

        _cts.Dispose();
    }
}
