namespace StandingsManager.App.Localization;

/// <summary>
/// The UI's texts: UiText.resx (English, the neutral resources) and one UiText.{culture}.resx per other language.
/// Components inject <c>IStringLocalizer&lt;UiText&gt;</c> as <c>T</c>; keys are named by place and meaning ("Nav.Standings").
/// </summary>
public sealed class UiText;
