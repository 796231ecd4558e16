namespace Portal.Web.Components.Pages.Images;

/// <summary>"All my environments": images of every environment the person may use, from the catalog, with an Environment column.</summary>
public sealed partial class ImageList
{
    private bool _everywhere;

    private async Task OnEverywhereChanged(bool value)
    {
        _everywhere = value;
        await CountAsync();
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }
}
