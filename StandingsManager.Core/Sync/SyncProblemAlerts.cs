using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Notifications;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Sync;

/// <summary>
/// Rings the owner's bell when a sync ends in a warning or an error, as the Notifications page promises: once per new
/// problem (another status or another message than the character last showed), not on every run that repeats it.
/// </summary>
internal static class SyncProblemAlerts
{
    /// <summary>In the caller's unit of work; <paramref name="previousStatus"/> and <paramref name="previousMessage"/> as the character showed before this run.</summary>
    public static async Task NotifyIfNewAsync(StandingsDbContext db, SyncedCharacter synced, SyncStatus previousStatus, string? previousMessage,
        DateTimeOffset now, CancellationToken ct)
    {
        if (synced.Status is not (SyncStatus.Warning or SyncStatus.Error))
            return;
        if (previousStatus == synced.Status && string.Equals(previousMessage, synced.StatusMessage, StringComparison.Ordinal))
            return;
        var name = await db.Characters.Where(c => c.Id == synced.CharacterId).Select(c => c.Name).FirstOrDefaultAsync(ct)
            ?? $"#{synced.CharacterId}";
        var level = synced.Status == SyncStatus.Error ? NotificationLevel.Error : NotificationLevel.Warning;
        var title = synced.Status == SyncStatus.Error ? NotificationText.Format("Sync.Failed.Title", name) : NotificationText.Format("Sync.NeedsYou.Title", name);
        if (Localization.Translations.FromJson(synced.StatusTexts) is { } texts)
            db.Notify(synced.AccountId, now, level, title, LocalText.Of(texts));
        else
            db.Notify(synced.AccountId, now, level, title, synced.StatusMessage ?? "");
    }
}
