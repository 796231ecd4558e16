using Portal.Engine.Containers;
using Portal.Web.Model;
using Portal.Web.Utils;

namespace Portal.Web.Components.Pages.Containers;

/// <summary>
/// "All my environments": the list reads every environment the person may use from the catalog and shows an
/// Environment column. Actions and live figures stay with the current environment's view, where they act.
/// </summary>
public sealed partial class ContainerList
{
    private bool _everywhere;

    /// <summary>True when rows can be selected and acted on: live containers of the current environment.</summary>
    private bool Acts => !_filter.History && !_everywhere;

    private async Task OnEverywhereChanged(bool value)
    {
        _everywhere = value;
        _selected = new HashSet<ContainerSummary>(ContainerIdComparer.Instance);
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    /// <summary>A row's details page; across environments the link names the row's environment.</summary>
    private string LinkOf(ContainerSummary c) => _everywhere && c.Environment is { } environment
        ? PortalUrls.OnEnvironment("/containers/" + Uri.EscapeDataString(c.Name), environment)
        : PortalUrls.Container(c.Name);
}
