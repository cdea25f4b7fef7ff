namespace StandingsManager.App.Components.Pages.Characters;

/// <summary>
/// The Characters page's texts: CharactersText.resx (English, neutral) and one CharactersText.{culture}.resx per other
/// language, next to this class.
/// </summary>
public sealed class CharactersText;
