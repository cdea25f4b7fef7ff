namespace StandingsManager.App.Components.Pages.Sync;

/// <summary>
/// The sync pages' texts (My Synced Characters, Synced Characters and their dialogs): SyncText.resx (English, neutral)
/// and one SyncText.{culture}.resx per other language, next to this class.
/// </summary>
public sealed class SyncText;
