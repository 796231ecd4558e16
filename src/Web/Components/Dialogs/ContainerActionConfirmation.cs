using MudBlazor;
using Portal.Web.Model;

namespace Portal.Web.Components.Dialogs;

/// <summary>Asks before the destructive actions (kill, remove); the others run at once.</summary>
public static class ContainerActionConfirmation
{
    /// <summary>Returns null when the user cancelled, otherwise whether to force.</summary>
    public static async Task<bool?> ConfirmAsync(IDialogService dialogs, ContainerAction action, IReadOnlyList<string> names)
    {
        var what = names.Count == 1 ? $"'{names[0]}'" : $"{names.Count} containers";
        return action switch
        {
            ContainerAction.Kill => await ConfirmDialog.AskAsync(dialogs, "Kill",
                $"Kill {what}? The processes get SIGKILL and cannot clean up.", "Kill", offerForce: false),
            ContainerAction.Remove => await ConfirmDialog.AskAsync(dialogs, "Remove",
                $"Remove {what} and their anonymous volumes? This cannot be undone.", "Remove", offerForce: true),
            _ => false,
        };
    }
}
