using MudBlazor;

namespace StandingsManager.App.Components.Layout;

/// <summary>
/// MudBlazor's dark palette with every text colour at WCAG AA contrast (4.5:1) on the page, the cards and the app bar:
/// the default primary (2.8:1 as text) is lightened, filled colours carry dark text (white on the default warning chip
/// read at 1.9:1), and secondary text is less faded.
/// </summary>
public static class AppTheme
{
    private const string DarkText = "rgba(0,0,0,0.87)";

    public static MudTheme Theme { get; } = new()
    {
        PaletteDark = new PaletteDark
        {
            Primary = "#a59cf9",
            PrimaryContrastText = DarkText,
            Secondary = "#ff6e9d",
            SecondaryContrastText = DarkText,
            Info = "#64b5f6",
            InfoContrastText = DarkText,
            Success = "#0bba83",
            SuccessContrastText = DarkText,
            Warning = "#ffa800",
            WarningContrastText = DarkText,
            Error = "#ff7a86",
            ErrorContrastText = DarkText,
            // Alerts write their text in the darkened colour: on a dark page it must stay light.
            InfoDarken = "#7cc4fa",
            SuccessDarken = "#3ddc97",
            WarningDarken = "#ffb74d",
            ErrorDarken = "#ff8a94",
            TextSecondary = "rgba(255,255,255,0.66)",
            DrawerText = "rgba(255,255,255,0.70)",
            DrawerIcon = "rgba(255,255,255,0.70)",
            ActionDefault = "rgba(255,255,255,0.70)",
        },
    };
}
