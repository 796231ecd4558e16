using MudBlazor;

namespace Portal.Web.Components.Layout;

/// <summary>Portal's MudBlazor theme, light and dark (contrast checked with axe-core in the browser tests).</summary>
public static class PortalTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1d63ed",
            AppbarBackground = "#0b214a",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#7aa7ff",
            Secondary = "#ff6fa8",
            AppbarBackground = "#0b214a",
            Background = "#16161f",
            Surface = "#20202c",
            DrawerBackground = "#1b1b26",
            TextSecondary = "rgba(255,255,255,0.72)",
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "6px" },
    };
}
