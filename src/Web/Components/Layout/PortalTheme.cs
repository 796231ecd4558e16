using MudBlazor;

namespace Portal.Web.Components.Layout;

/// <summary>Portal's MudBlazor theme.</summary>
public static class PortalTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1d63ed",
            AppbarBackground = "#0b214a",
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "6px" },
    };
}
