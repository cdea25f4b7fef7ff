namespace StandingsManager.App.Components.Pages.Lists;

/// <summary>
/// The texts of the lists page, its dialog and a war-target list's wars: ListsText.resx (English) and one
/// ListsText.{culture}.resx per other language. Components inject <c>IStringLocalizer&lt;ListsText&gt;</c> as <c>T</c>.
/// </summary>
public sealed class ListsText;
