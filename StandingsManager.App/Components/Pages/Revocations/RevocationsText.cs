namespace StandingsManager.App.Components.Pages.Revocations;

/// <summary>
/// The texts of the revocation queue: RevocationsText.resx (English) and one RevocationsText.{culture}.resx per other language.
/// </summary>
public sealed class RevocationsText;
