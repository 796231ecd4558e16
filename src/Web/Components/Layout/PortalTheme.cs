using MudBlazor;

namespace Portal.Web.Components.Layout;

/// <summary>
/// Portal's MudBlazor theme, light and dark. MudBlazor's stock status colours (pink, bright green, orange, light blue)
/// fail WCAG AA contrast as text and under white labels; these pass it (axe-core checks every page in the browser tests).
/// Dark pairs light colours with dark labels, as white on a light blue would fail.
/// </summary>
public static class PortalTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1d63ed",
            Secondary = "#ad1457",
            Success = "#2e7d32",
            Warning = "#b45309",
            Error = "#c62828",
            Info = "#0369a1",
            AppbarBackground = "#0b214a",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#7aa7ff",
            PrimaryContrastText = "#0b1020",
            Secondary = "#ff7eb3",
            SecondaryContrastText = "#2a0013",
            Success = "#5cd67a",
            SuccessContrastText = "#00210b",
            Warning = "#ffb74d",
            WarningContrastText = "#261500",
            Error = "#ff8a80",
            ErrorContrastText = "#2a0000",
            Info = "#64b5f6",
            InfoContrastText = "#001a2e",
            AppbarBackground = "#0b214a",
            Background = "#16161f",
            Surface = "#20202c",
            DrawerBackground = "#1b1b26",
            TextSecondary = "rgba(255,255,255,0.72)",
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "6px" },
    };
}
