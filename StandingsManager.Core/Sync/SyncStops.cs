using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Localization;
using StandingsManager.Core.Notifications;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Sync;

internal static class SyncStops
{
    public static Phrase AccountDeactivated => SyncMessages.AccountDeactivated;

    public static Phrase StateLostAccess(Accounts.AccessState state) => SyncMessages.StateLostAccess(state);

    /// <summary>
    /// Switches a character's sync off for <paramref name="problem"/>, in the caller's unit of work. The owner is told
    /// and the audit log written once, when sync stops; a repeated check of an already stopped character stays quiet.
    /// </summary>
    public static void Stop(StandingsDbContext db, SyncedCharacter synced, string characterName, Phrase problem, DateTimeOffset now)
    {
        if (synced.Enabled)
        {
            db.Notify(synced.AccountId, now, NotificationLevel.Warning, NotificationText.Format("Sync.Stopped.Title", characterName), LocalText.Of(problem));
            db.Record(now, AuditAction.SyncDisabled, null, synced.CharacterId, EntityType.Character, characterName, details: problem);
        }
        synced.Enabled = false;
        synced.SetStatus(SyncStatus.Disabled, problem);
    }
}
