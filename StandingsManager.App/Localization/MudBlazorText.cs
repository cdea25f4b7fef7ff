namespace StandingsManager.App.Localization;

/// <summary>
/// MudBlazor's own words (pager and close buttons, the date picker, "Required"), keyed as MudBlazor names them
/// ("MudTablePager_NextPage"), and the table pager's two texts every page shares ("Pager.RowsPerPage").
/// </summary>
public sealed class MudBlazorText;
