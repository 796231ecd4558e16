using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Engine.Compose.Loading;
using Portal.Engine.Compose.Planning;
using Portal.Engine.Compose.Stacks;
using Portal.Engine.Pipeline;
using Portal.Engine.Teams;
using Portal.Web.Model;
using Portal.Web.Utils;

namespace Portal.Web.Components.Pages.Stacks;

/// <summary>One stack: editor with validation as you type, plan, deploy with per-service progress, actions, revisions with diff and roll back.</summary>
public sealed partial class StackPage
{
    private StackDetails? _details;
    private IReadOnlyList<StackRevisionInfo> _revisions = [];
    private IReadOnlyList<ComposeError> _errors = [];
    private IReadOnlyList<string> _teams = [];
    private string _name = "";
    private string? _team;
    private ComposePlan? _plan;

    /// <summary>Said in the plan's place when there is none (a copy whose plan could not be made).</summary>
    private string? _planNote;
    private string? _planTitle;
    private string? _doing;
    private string? _error;
    private bool _busy;
    private List<DiffPiece>? _diff;
    private string? _diffTitle;

    [Parameter] public string? Name { get; set; }

    [Inject] public required StackOperations StackOperations { get; init; }

    [Inject] public required TeamOperations TeamOperations { get; init; }

    [Inject] public required CurrentActor CurrentActor { get; init; }

    [Inject] public required NavigationManager Navigation { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    private bool IsNew => Name is null;

    protected override async Task OnParametersSetAsync()
    {
        try
        {
            var actor = await CurrentActor.GetAsync();
            _teams = await TeamOperations.ListOperableAsync(actor, CancellationToken.None);
            if (!IsNew)
            {
                await ReloadAsync(actor, files: true);
            }
        }
        catch (OperationFailedException ex)
        {
            _error = ex.Message;
        }
    }

    private async Task ReloadAsync(Actor actor, bool files)
    {
        _details = await StackOperations.GetAsync(actor, Name!, CancellationToken.None);
        _revisions = await StackOperations.RevisionsAsync(actor, Name!, CancellationToken.None);
        if (_scaleService is null && _details.Summary.Services.Count > 0)
        {
            // A service chosen up front, at its current count, so Scale is one step.
            _scaleService = _details.Summary.Services[0];
            _scaleReplicas = Math.Max(1, _details.Containers.Count(c => c.Service == _scaleService));
        }
        if (files && _details.Files.Count > 0)
        {
            _editor.Load(_details.Files, _details.Env);
            _renameTo = _editor.Selected;
        }
    }

    /// <summary>Validation as you type, over every file and the .env (compose files merged in their order).</summary>
    private Task ValidateAsync()
    {
        _errors = StackOperations.Validate(IsNew ? _name.Trim() : Name!, _editor.Files, _editor.Env);
        return Task.CompletedTask;
    }

    /// <summary>The button answers either way: the errors below the editor, or that the files are valid.</summary>
    private async Task ValidateNowAsync()
    {
        await FlushEditorAsync();
        await ValidateAsync();
        if (_errors.Count == 0)
        {
            Snackbar.Add("Valid: the files load and merge without errors.", Severity.Success);
        }
    }

    private async Task SaveAsync()
    {
        await FlushEditorAsync();
        await BusyAsync(async actor => await SaveEditedAsync(actor), "Saving");
    }

    /// <summary>Saves the editor's files (already flushed) as the next revision; false when they have errors.</summary>
    private async Task<bool> SaveEditedAsync(Actor actor)
    {
        var result = await StackOperations.SaveAsync(actor, new SaveStackRequest
        {
            Name = IsNew ? _name.Trim() : Name!,
            Team = _team,
            Files = [.. _editor.Files],
            Env = _editor.Env,
        }, CancellationToken.None);
        _errors = result.Errors;
        if (result.Stack is null)
        {
            _error = $"Not saved: {result.Errors.Count} error(s) in the files, listed under the editor.";
            return false;
        }

        _editor.MarkSaved();
        Snackbar.Add($"Saved revision {result.Stack.Summary.Revision}.", Severity.Success);
        if (IsNew)
        {
            Navigation.NavigateTo(PortalUrls.Stack(result.Stack.Summary.Name));
            return true;
        }

        await ReloadAsync(actor, files: false);
        return true;
    }

    /// <summary>The plan of the editor's files as they are now (all of them, saved or not).</summary>
    private async Task PlanAsync()
    {
        await FlushEditorAsync();
        await BusyAsync(async actor =>
        {
            _plan = null;
            _planNote = null;
            var plan = await StackOperations.PreviewPlanAsync(actor, Name!, [.. _editor.Files], _editor.Env, null, CancellationToken.None);
            _planTitle = _editor.IsDirty ? "Plan of the editor's unsaved files" : "Plan";
            _plan = plan;
        }, "Planning");
    }

    private Task RollBackAsync(int number) => BusyAsync(async actor =>
    {
        var result = await StackOperations.RollBackAsync(actor, Name!, number, CancellationToken.None);
        _errors = result.Errors;
        await ReloadAsync(actor, files: true);
        _diff = null;
        Snackbar.Add($"Revision {number} saved again as the newest; deploy it with up.", Severity.Info);
    }, "Rolling back");

    /// <summary>Every file and the .env of a revision against the editor's text now.</summary>
    private async Task ShowDiffAsync(StackRevisionInfo revision)
    {
        await FlushEditorAsync();
        var older = StackEditorState.Combined(revision.Files, revision.Env);
        _diff = InlineDiffBuilder.Diff(older, StackEditorState.Combined(_editor.Files, _editor.Env)).Lines;
        _diffTitle = _diff.All(l => l.Type == ChangeType.Unchanged) ? $"Revision {revision.Number} = editor (no change)" : $"Revision {revision.Number} → editor";
    }

    private async Task BusyAsync(Func<Actor, Task> action, string doing)
    {
        _busy = true;
        _doing = doing;
        _error = null;
        try
        {
            await action(await CurrentActor.GetAsync());
        }
        catch (OperationFailedException ex)
        {
            _error = ex.Message;
        }
        finally
        {
            _busy = false;
            _doing = null;
        }
    }

    private static string LineStyle(ChangeType type) => type switch
    {
        ChangeType.Inserted => "background:rgba(46,160,67,.2);display:block",
        ChangeType.Deleted => "background:rgba(248,81,73,.2);display:block",
        _ => "display:block",
    };

    private static string LinePrefix(ChangeType type) => type switch
    {
        ChangeType.Inserted => "+ ",
        ChangeType.Deleted => "- ",
        _ => "  ",
    };
}
