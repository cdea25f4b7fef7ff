using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Sync;

namespace StandingsManager.Core.Notifications;

/// <summary>
/// Sends the outbox to Discord and notices syncs that have failed for too long. No timers here: the loop in the
/// app calls it, tests call it with a fake clock. Each outcome is saved as it happens, so a crash re-sends at most one.
/// </summary>
public sealed class DiscordRelay(
    IDbContextFactory<StandingsDbContext> dbFactory,
    DiscordWebhookClient client,
    IOptions<NotificationsOptions> options,
    TimeProvider time,
    ILogger<DiscordRelay> logger)
{
    public const int BatchSize = 20;
    /// <summary>Failed posts are tried this often, backing off from a minute to an hour, then given up (and logged).</summary>
    public const int MaxAttempts = 8;

    /// <summary>
    /// How long a relay's claim on one alert keeps every other relay off it: far longer than a post may take (the client
    /// gives up after 15 s), so a post is never made twice; after a crash mid-post the alert is tried again then.
    /// </summary>
    public static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Posts the due alerts in order; returns how many went out. Each alert is claimed (its next attempt moved past
    /// <see cref="ClaimFor"/>) in a conditional UPDATE before it is posted, so two relays on one database never post one
    /// alert twice, whatever becomes of the relay's own lease.
    /// </summary>
    public async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        var pending = db.OutboundAlerts.Where(a => a.SentAt == null && a.AbandonedAt == null);
        if (options.Value.DiscordWebhook is not { } webhook)
        {
            // No Discord: the bell already told everyone; nothing will ever send these.
            await pending.ExecuteUpdateAsync(u => u.SetProperty(a => a.AbandonedAt, now), ct);
            return 0;
        }

        var due = await pending.AsNoTracking().Where(a => a.NextAttemptAt <= now).OrderBy(a => a.Id).Take(BatchSize).ToListAsync(ct);
        var sent = 0;
        for (var i = 0; i < due.Count; i++)
        {
            var alert = due[i];
            now = time.GetUtcNow();
            var claimedUntil = now + ClaimFor;
            if (await pending.Where(a => a.Id == alert.Id && a.NextAttemptAt <= now)
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.NextAttemptAt, claimedUntil), ct) == 0)
                continue; // another relay has it (or has sent it) since the read
            var result = await client.PostAsync(webhook, Format(alert, options.Value.Culture), ct);
            now = time.GetUtcNow();
            var mine = db.OutboundAlerts.Where(a => a.Id == alert.Id);
            switch (result.Outcome)
            {
                case DiscordPostOutcome.Sent:
                    await mine.ExecuteUpdateAsync(u => u.SetProperty(a => a.SentAt, now), ct);
                    sent++;
                    break;
                case DiscordPostOutcome.RateLimited:
                    // The limit is the webhook's: this alert and everything still waiting (and not claimed by another relay) waits as long as Discord asked.
                    var retryAt = now + result.RetryAfter;
                    var waiting = due.Skip(i + 1).Select(a => a.Id).ToList();
                    await mine.ExecuteUpdateAsync(u => u.SetProperty(a => a.NextAttemptAt, retryAt), ct);
                    await pending.Where(a => waiting.Contains(a.Id) && a.NextAttemptAt <= now)
                        .ExecuteUpdateAsync(u => u.SetProperty(a => a.NextAttemptAt, retryAt), ct);
                    if (logger.IsEnabled(LogLevel.Information))
                        logger.LogInformation("Discord asked to wait {Seconds:0.###} s before the next post", result.RetryAfter.TotalSeconds);
                    return sent;
                case DiscordPostOutcome.Transient:
                    var attempts = alert.Attempts + 1;
                    if (attempts >= MaxAttempts)
                    {
                        await mine.ExecuteUpdateAsync(u => u.SetProperty(a => a.Attempts, attempts).SetProperty(a => a.AbandonedAt, now), ct);
                        logger.LogError("Gave up posting alert {AlertId} to Discord after {Attempts} attempts (last status {Status})", alert.Id, attempts, result.Status);
                    }
                    else
                    {
                        var nextAttempt = now + Backoff(attempts);
                        await mine.ExecuteUpdateAsync(u => u.SetProperty(a => a.Attempts, attempts).SetProperty(a => a.NextAttemptAt, nextAttempt), ct);
                    }
                    break;
                case DiscordPostOutcome.Refused:
                    await mine.ExecuteUpdateAsync(u => u.SetProperty(a => a.Attempts, alert.Attempts + 1).SetProperty(a => a.AbandonedAt, now), ct);
                    logger.LogError("Discord refused alert {AlertId} with status {Status}: check Notifications:DiscordWebhookUrl (the webhook may have been deleted)", alert.Id, result.Status);
                    break;
            }
        }
        return sent;
    }

    /// <summary>Queues one alert per sync that has been failing for longer than the setting, once per failure episode across instances.</summary>
    public async Task<int> QueueLongSyncFailuresAsync(CancellationToken ct)
    {
        if (options.Value.DiscordWebhook is null)
            return 0;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        var since = TimeSpan.FromMinutes(options.Value.SyncFailureAlertMinutes);
        var failingBefore = now - since;
        var failing = await (
            from s in db.SyncedCharacters
            where s.Enabled && s.Status == SyncStatus.Error
            let lastGood = s.LastSuccessAt ?? s.CreatedAt
            where lastGood < failingBefore && (s.FailureAlertedAt == null || s.FailureAlertedAt < lastGood)
            join c in db.Characters on s.CharacterId equals c.Id
            select new { s.CharacterId, s.LastSuccessAt, s.StatusMessage, s.StatusTexts, c.Name }).AsNoTracking().ToListAsync(ct);
        var queued = 0;
        foreach (var row in failing)
        {
            // Marked and queued in one transaction, the mark conditional: of two instances scanning at once, one queues the alert.
            await using var transaction = await db.Database.BeginWriteTransactionAsync(WriteArea.Alerts, ct);
            if (await db.SyncedCharacters
                .Where(s => s.CharacterId == row.CharacterId && (s.FailureAlertedAt == null || s.FailureAlertedAt < (s.LastSuccessAt ?? s.CreatedAt)))
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.FailureAlertedAt, now), ct) == 0)
                continue;
            var lastGood = row.LastSuccessAt is { } at ? NotificationText.Format("SyncFailing.LastGood", at) : NotificationText.Get("SyncFailing.NoGoodSync");
            db.QueueOutboundAlert(now, NotificationText.Format("SyncFailing.Title", row.Name),
                NotificationText.Format("SyncFailing.Body", Span(since), lastGood, Localization.Translations.FromJson(row.StatusTexts) is { } texts ? texts
                    : row.StatusMessage is { } message ? (object)message : NotificationText.Get("SyncFailing.NoMessage")));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            queued++;
        }
        return queued;
    }

    /// <summary>Sent and abandoned alerts older than a week go: the audit log and the bell are the records, not this.</summary>
    public async Task<int> PruneAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var before = time.GetUtcNow() - TimeSpan.FromDays(7);
        return await db.OutboundAlerts.Where(a => (a.SentAt != null && a.SentAt < before) || (a.AbandonedAt != null && a.AbandonedAt < before)).ExecuteDeleteAsync(ct);
    }

    internal static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, attempts - 1)));

    /// <summary>The message in the operator's language (alerts queued before texts were kept as keys: as written).</summary>
    internal static string Format(OutboundAlert alert, System.Globalization.CultureInfo culture)
    {
        var title = LocalText.FromJson(alert.TitleText)?.Render(culture) ?? alert.Title;
        var body = LocalText.FromJson(alert.BodyText)?.Render(culture) ?? alert.Body;
        return string.IsNullOrWhiteSpace(body) ? $"**{title}**" : $"**{title}**\n{body}";
    }

    private static LocalText Span(TimeSpan span) => span.TotalHours >= 1 && span.TotalMinutes % 60 == 0
        ? NotificationText.Format("Duration.Hours", (long)span.TotalHours)
        : NotificationText.Format("Duration.Minutes", (long)span.TotalMinutes);
}
