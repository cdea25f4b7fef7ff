namespace StandingsManager.App.Components.Pages.Webhooks;

/// <summary>The webhooks page's texts: WebhooksText.resx (English) and one file per other language.</summary>
public sealed class WebhooksText;
