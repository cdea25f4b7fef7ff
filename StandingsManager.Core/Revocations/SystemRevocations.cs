using StandingsManager.Core.Audit;
using StandingsManager.Core.Notifications;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Requests;
using StandingsManager.Core.Standings;

namespace StandingsManager.Core.Revocations;

internal static class SystemRevocations
{
    /// <summary>
    /// Files a system revocation of <paramref name="entry"/> in the caller's unit of work: the revocation, its audit row,
    /// and the alert to approvers and Discord (<paramref name="configuredAdministrators"/>: the settings' administrators,
    /// who are alerted too when the caller knows them). The revocation is for the entry's list.
    /// </summary>
    public static async Task FileAsync(StandingsDbContext db, StandingsEntry entry, SystemRevocationReason reason, Localization.Phrase why,
        DateTimeOffset? applyAfter, IReadOnlyCollection<long> configuredAdministrators, DateTimeOffset now, CancellationToken ct)
    {
        db.Revocations.Add(new Revocation
        {
            ListId = entry.ListId,
            EntityId = entry.EntityId,
            EntityType = entry.EntityType,
            EntityName = entry.EntityName,
            Source = RevocationSource.System,
            SystemReason = reason,
            RequestedByName = "System",
            CreatedAt = now,
            ApplyAfter = applyAfter,
            Status = RequestStatus.Pending,
        });
        db.Record(now, AuditAction.RevocationCreated, null, entry.EntityId, entry.EntityType, entry.EntityName, entry.Standing, RecordText.Said("Record.SystemRevocation.Filed", Reason(reason), why), entry.ListId);
        var lists = await ListMention.LoadAsync(db, ct);
        await db.AlertApproversAsync(configuredAdministrators, 0, now, NotificationText.Format("SystemRevocation.Title", entry.EntityName, lists.SuffixText(entry.ListId)),
            NotificationText.Format("SystemRevocation.Body", ReasonText(reason), why.Capture(FreeText.MaxLength)), ct);
    }

    /// <summary>The reason's name as a detail of an audit row, in each language as <see cref="ReasonText"/> gives it.</summary>
    public static Localization.Phrase Reason(SystemRevocationReason reason) =>
        new(() => ReasonText(reason).Render(System.Globalization.CultureInfo.CurrentUICulture));

    /// <summary>The reason's name in the reader's language.</summary>
    public static LocalText ReasonText(SystemRevocationReason reason) => reason switch
    {
        SystemRevocationReason.LostEligibility => NotificationText.Get("SystemReason.LostEligibility"),
        SystemRevocationReason.TokenLost => NotificationText.Get("SystemReason.TokenLost"),
        SystemRevocationReason.CharacterTransferred => NotificationText.Get("SystemReason.CharacterTransferred"),
        SystemRevocationReason.CorporationCoverageLost => NotificationText.Get("SystemReason.CorporationCoverageLost"),
        SystemRevocationReason.Expired => NotificationText.Get("SystemReason.Expired"),
        SystemRevocationReason.AccountDeactivated => NotificationText.Get("SystemReason.AccountDeactivated"),
        _ => NotificationText.Get("SystemReason.None"),
    };
}
