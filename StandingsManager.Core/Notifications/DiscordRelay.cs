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

    /// <summary>Posts the due alerts in order; returns how many went out.</summary>
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

        var due = await pending.Where(a => a.NextAttemptAt <= now).OrderBy(a => a.Id).Take(BatchSize).ToListAsync(ct);
        var sent = 0;
        foreach (var alert in due)
        {
            var result = await client.PostAsync(webhook, Format(alert), ct);
            now = time.GetUtcNow();
            switch (result.Outcome)
            {
                case DiscordPostOutcome.Sent:
                    alert.SentAt = now;
                    sent++;
                    break;
                case DiscordPostOutcome.RateLimited:
                    // The limit is the webhook's: everything still waiting waits as long as Discord asked.
                    foreach (var waiting in due.Where(a => a.SentAt is null))
                        waiting.NextAttemptAt = now + result.RetryAfter;
                    await db.SaveChangesAsync(ct);
                    if (logger.IsEnabled(LogLevel.Information))
                        logger.LogInformation("Discord asked to wait {Seconds:0.###} s before the next post", result.RetryAfter.TotalSeconds);
                    return sent;
                case DiscordPostOutcome.Transient:
                    alert.Attempts++;
                    if (alert.Attempts >= MaxAttempts)
                    {
                        alert.AbandonedAt = now;
                        logger.LogError("Gave up posting alert {AlertId} to Discord after {Attempts} attempts (last status {Status})", alert.Id, alert.Attempts, result.Status);
                    }
                    else
                    {
                        alert.NextAttemptAt = now + Backoff(alert.Attempts);
                    }
                    break;
                case DiscordPostOutcome.Refused:
                    alert.Attempts++;
                    alert.AbandonedAt = now;
                    logger.LogError("Discord refused alert {AlertId} with status {Status}: check Notifications:DiscordWebhookUrl (the webhook may have been deleted)", alert.Id, result.Status);
                    break;
            }
            await db.SaveChangesAsync(ct);
        }
        return sent;
    }

    /// <summary>Queues one alert per sync that has been failing for longer than the setting, once per failure.</summary>
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
            select new { Sync = s, c.Name }).ToListAsync(ct);
        foreach (var row in failing)
        {
            row.Sync.FailureAlertedAt = now;
            var lastGood = row.Sync.LastSuccessAt is { } at ? $"last good sync {at:yyyy-MM-dd HH:mm} UTC" : "no good sync yet";
            db.QueueOutboundAlert(now, $"Contact sync failing: {row.Name}",
                $"Failing for more than {FormatSpan(since)} ({lastGood}): {row.Sync.StatusMessage ?? "no message"}");
        }
        await db.SaveChangesAsync(ct);
        return failing.Count;
    }

    /// <summary>Sent and abandoned alerts older than a week go: the audit log and the bell are the records, not this.</summary>
    public async Task<int> PruneAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var before = time.GetUtcNow() - TimeSpan.FromDays(7);
        return await db.OutboundAlerts.Where(a => (a.SentAt != null && a.SentAt < before) || (a.AbandonedAt != null && a.AbandonedAt < before)).ExecuteDeleteAsync(ct);
    }

    internal static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, attempts - 1)));

    private static string Format(OutboundAlert alert) =>
        string.IsNullOrWhiteSpace(alert.Body) ? $"**{alert.Title}**" : $"**{alert.Title}**\n{alert.Body}";

    private static string FormatSpan(TimeSpan span) => span.TotalHours >= 1 && span.TotalMinutes % 60 == 0 ? $"{span.TotalHours:0} h" : $"{span.TotalMinutes:0} min";
}
