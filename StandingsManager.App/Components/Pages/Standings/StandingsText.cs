namespace StandingsManager.App.Components.Pages.Standings;

/// <summary>
/// The texts of the standings pages (list, add and bulk dialogs, import, drift): StandingsText.resx (English) and one
/// StandingsText.{culture}.resx per other language. Components inject <c>IStringLocalizer&lt;StandingsText&gt;</c> as <c>T</c>.
/// </summary>
public sealed class StandingsText;
