namespace StandingsManager.App.Components.Pages.Api;

/// <summary>The API keys page's texts: ApiKeysText.resx (English) and one file per other language.</summary>
public sealed class ApiKeysText;
