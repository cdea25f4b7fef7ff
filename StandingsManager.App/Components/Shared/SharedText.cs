namespace StandingsManager.App.Components.Shared;

/// <summary>
/// The texts of the small shared components (ages, expiry, selection bar, standing field, confirm dialog, refusals):
/// SharedText.resx (English) and one SharedText.{culture}.resx per other language.
/// </summary>
public sealed class SharedText;
