namespace StandingsManager.App.Components.Shared;

/// <summary>
/// The dashboard's charts and sync and queue cards: ChartsText.resx (English, neutral) and one ChartsText.{culture}.resx
/// per other language, next to this class.
/// </summary>
public sealed class ChartsText;
