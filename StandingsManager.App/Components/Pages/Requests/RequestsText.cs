namespace StandingsManager.App.Components.Pages.Requests;

/// <summary>
/// The texts of the request pages and the decision dialogs: RequestsText.resx (English) and one
/// RequestsText.{culture}.resx per other language.
/// </summary>
public sealed class RequestsText;
