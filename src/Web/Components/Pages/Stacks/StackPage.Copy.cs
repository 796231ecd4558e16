using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Engine.Docker;
using Portal.Engine.Pipeline;
using Portal.Web.Utils;

namespace Portal.Web.Components.Pages.Stacks;

/// <summary>
/// "Copy to environment…": the saved files become a new stack on another environment (not deployed), and
/// the target's plan for it is shown at once, so the person sees what up would do there before running it.
/// </summary>
public sealed partial class StackPage
{
    private bool _copyOpen;
    private string? _copyTarget;
    private string _copyName = "";
    private IReadOnlyList<string> _copyTargets = [];
    private string? _copiedLink;

    [Inject] public required Engines Engines { get; init; }

    private async Task OpenCopyAsync()
    {
        _copyOpen = !_copyOpen;
        _copyName = Name ?? "";
        _copiedLink = null;
        var actor = await CurrentActor.GetAsync();
        _copyTargets = [.. Engines.UsableBy(actor).Select(e => e.Name)];
        _copyTarget ??= _copyTargets.FirstOrDefault(t => t != Engines.Current.Name);
    }

    private Task CopyAsync() => BusyAsync(async actor =>
    {
        var target = Engines.Get(_copyTarget!);
        var copied = await StackOperations.CopyAsync(actor, Name!, target.Name, _copyName, CancellationToken.None);
        if (copied.Errors.Count > 0)
        {
            _errors = copied.Errors;
            return;
        }

        var name = copied.Stack!.Summary.Name;
        _copiedLink = PortalUrls.OnEnvironment("/stacks/" + Uri.EscapeDataString(name), target.Name);
        Snackbar.Add($"Copied to '{target.Name}' as {name}; nothing is deployed there yet.", Severity.Success);
        _copyOpen = false;
        _planTitle = $"Plan on '{target.Name}' for {name} (copied, not deployed)";
        try
        {
            // The plan reads the target's engine: inside its scope, as the person is there.
            using var scope = Engines.Use(target);
            _planNote = null;
            _plan = await StackOperations.PlanAsync(actor.In(target.Id), name, null, CancellationToken.None);
        }
        catch (OperationFailedException ex)
        {
            _plan = null;
            _planNote = $"No plan yet: {ex.Message}";
        }
    }, "Copying");
}
