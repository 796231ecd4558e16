using Portal.Engine.Compose.Stacks;
using Portal.Engine.Pipeline;
using Portal.Web.Utils;

namespace Portal.Web.Components.Pages.Stacks;

/// <summary>"All my environments": stacks of every environment the person may use, with an Environment column.</summary>
public sealed partial class StackList
{
    private bool _everywhere;

    private Task<IReadOnlyList<StackSummary>> ListShownAsync(Actor actor) => _everywhere
        ? StackOperations.ListEverywhereAsync(actor, CancellationToken.None)
        : StackOperations.ListAsync(actor, CancellationToken.None);

    private async Task OnEverywhereChanged(bool value)
    {
        _everywhere = value;
        await ReloadAsync();
    }

    /// <summary>A row's stack page; across environments the link names the row's environment.</summary>
    private string LinkOf(StackSummary s) => _everywhere && s.Environment is { } environment
        ? PortalUrls.OnEnvironment("/stacks/" + Uri.EscapeDataString(s.Name), environment)
        : PortalUrls.Stack(s.Name);
}
