namespace StandingsManager.App.Components.Pages.Audit;

/// <summary>The audit log page's texts and the audit actions' words: AuditText.resx (English) and one file per other language.</summary>
public sealed class AuditText;
