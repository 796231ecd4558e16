using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Engine.Compose.Loading;
using Portal.Engine.Compose.Stacks;
using Portal.Engine.Pipeline;
using Portal.Engine.Teams;
using Portal.Web.Model;

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
    private string _fileName = "compose.yaml";
    private string _content = "";
    private string _env = "";
    private string? _plan;
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
        if (files && _details.Files.Count > 0)
        {
            _fileName = _details.Files[0].Name;
            _content = _details.Files[0].Content;
            _env = _details.Env;
        }
    }

    private Task ValidateAsync()
    {
        _errors = StackOperations.Validate(IsNew ? _name.Trim() : Name!, EditedFiles(), _env);
        return Task.CompletedTask;
    }

    private async Task SaveAsync()
    {
        await BusyAsync(async actor =>
        {
            var result = await StackOperations.SaveAsync(actor, new SaveStackRequest
            {
                Name = IsNew ? _name.Trim() : Name!,
                Team = _team,
                Files = EditedFiles(),
                Env = _env,
            }, CancellationToken.None);
            _errors = result.Errors;
            if (result.Stack is null)
            {
                return;
            }

            Snackbar.Add($"Saved revision {result.Stack.Summary.Revision}.", Severity.Success);
            if (IsNew)
            {
                Navigation.NavigateTo($"/stacks/{Uri.EscapeDataString(result.Stack.Summary.Name)}");
                return;
            }

            await ReloadAsync(actor, files: false);
        });
    }

    /// <summary>The editor's file first, then the stack's other stored files (override files, build context) unchanged.</summary>
    private List<ComposeFile> EditedFiles() =>
        [new ComposeFile(_fileName, _content), .. (_details?.Files.Skip(1) ?? []).Where(f => f.Name != _fileName)];

    private Task PlanAsync() => BusyAsync(async actor =>
        _plan = (await StackOperations.PlanAsync(actor, Name!, null, CancellationToken.None)).Render());

    private Task RollBackAsync(int number) => BusyAsync(async actor =>
    {
        var result = await StackOperations.RollBackAsync(actor, Name!, number, CancellationToken.None);
        _errors = result.Errors;
        await ReloadAsync(actor, files: true);
        Snackbar.Add($"Revision {number} saved again as the newest; deploy it with up.", Severity.Info);
    });

    private void ShowDiff(StackRevisionInfo revision)
    {
        var older = revision.Files.FirstOrDefault()?.Content ?? "";
        _diff = InlineDiffBuilder.Diff(older, _content).Lines;
        _diffTitle = $"Revision {revision.Number} → editor";
    }

    private async Task BusyAsync(Func<Actor, Task> action)
    {
        _busy = true;
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
