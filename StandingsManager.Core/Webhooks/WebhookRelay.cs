using StandingsManager.Core.Localization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Webhooks;

/// <summary>
/// Posts each enabled webhook's events (its list's entry changes) in order, one at a time. No timers here: the loop in
/// the app calls it, tests call it with a fake clock. Before a post the webhook is claimed in a conditional UPDATE (its
/// next attempt moved past <see cref="ClaimFor"/>), so two relays never post one event at once; the cursor only moves
/// after the receiver answered, so a crash between the post and the record re-sends that one event, once.
/// </summary>
public sealed class WebhookRelay(
    IDbContextFactory<StandingsDbContext> dbFactory,
    WebhookClient client,
    IDataProtectionProvider protection,
    IOptions<WebhooksOptions> options,
    TimeProvider time,
    ILogger<WebhookRelay> logger)
{
    /// <summary>Failed posts of one event are tried this often, backing off from a minute to an hour, then it is given up.</summary>
    public const int MaxAttempts = 8;

    /// <summary>At most this many events per webhook in one round, so one busy webhook does not hold up the others.</summary>
    public const int BatchSize = 50;

    /// <summary>How long a claim keeps other relays off a webhook: far longer than a post may take (the client gives up after 15 s).</summary>
    public static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(2);

    private readonly IDataProtector _protector = WebhookSecrets.Protector(protection);

    /// <summary>Posts what is due for every enabled webhook; returns how many events were delivered.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        List<int> due;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var now = time.GetUtcNow();
            due = await db.Webhooks.AsNoTracking().Where(w => w.Enabled && w.NextAttemptAt <= now
                    && db.EntryChanges.Any(c => c.ListId == w.ListId && c.Id > w.LastEventId))
                .OrderBy(w => w.Id).Select(w => w.Id).ToListAsync(ct);
        }
        var delivered = 0;
        foreach (var id in due)
            delivered += await DeliverAsync(id, ct);
        return delivered;
    }

    /// <summary>One webhook's waiting events, in order, until one fails or the batch is full.</summary>
    private async Task<int> DeliverAsync(int webhookId, CancellationToken ct)
    {
        var delivered = 0;
        for (var i = 0; i < BatchSize; i++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var now = time.GetUtcNow();
            var hook = await db.Webhooks.AsNoTracking().SingleOrDefaultAsync(w => w.Id == webhookId && w.Enabled && w.NextAttemptAt <= now, ct);
            if (hook is null)
                return delivered;
            var change = await db.EntryChanges.AsNoTracking().Where(c => c.ListId == hook.ListId && c.Id > hook.LastEventId)
                .OrderBy(c => c.Id).FirstOrDefaultAsync(ct);
            if (change is null)
                return delivered;
            var claimedUntil = now + ClaimFor;
            var mine = db.Webhooks.Where(w => w.Id == hook.Id && w.LastEventId == hook.LastEventId);
            if (await mine.Where(w => w.Enabled && w.NextAttemptAt <= now)
                .ExecuteUpdateAsync(u => u.SetProperty(w => w.NextAttemptAt, claimedUntil), ct) == 0)
                return delivered; // another relay has it (or it was edited) since the read

            var listName = await db.Lists.AsNoTracking().Where(l => l.Id == hook.ListId).Select(l => l.Name).SingleAsync(ct);
            var payload = WebhookEvent.From(change, listName);
            var result = await PostAsync(hook, payload, ct);
            now = time.GetUtcNow();
            if (result.Delivered)
            {
                await mine.ExecuteUpdateAsync(u => u.SetProperty(w => w.LastEventId, change.Id).SetProperty(w => w.Attempts, 0)
                    .SetProperty(w => w.NextAttemptAt, now).SetProperty(w => w.LastDeliveryAt, now)
                    .SetProperty(w => w.LastStatus, result.Status).SetProperty(w => w.LastError, (string?)null)
                    .SetProperty(w => w.LastErrorTexts, (string?)null), ct);
                delivered++;
                continue;
            }

            var attempts = hook.Attempts + 1;
            var failure = result.Error ?? CoreText.Said("Webhooks.Delivery.Failed");
            var texts = failure.Capture(900);
            var (error, errorTexts) = (texts.English, texts.ToJson());
            if (attempts >= MaxAttempts)
            {
                // Given up: the next event goes next. Receivers that must not miss one re-read the list through the API.
                texts = CoreText.Said("Webhooks.Delivery.GaveUp", change.Id, attempts, failure).Capture(1000);
                (error, errorTexts) = (texts.English, texts.ToJson());
                await mine.ExecuteUpdateAsync(u => u.SetProperty(w => w.LastEventId, change.Id).SetProperty(w => w.Attempts, 0)
                    .SetProperty(w => w.NextAttemptAt, now).SetProperty(w => w.LastDeliveryAt, now).SetProperty(w => w.LastStatus, result.Status)
                    .SetProperty(w => w.LastError, error).SetProperty(w => w.LastErrorTexts, errorTexts).SetProperty(w => w.AbandonedEvents, w => w.AbandonedEvents + 1), ct);
                logger.LogError("Webhook {WebhookId}: gave up event {EventId} after {Attempts} attempts (last status {Status})", hook.Id, change.Id, attempts, result.Status);
            }
            else
            {
                var next = now + Backoff(attempts);
                await mine.ExecuteUpdateAsync(u => u.SetProperty(w => w.Attempts, attempts).SetProperty(w => w.NextAttemptAt, next)
                    .SetProperty(w => w.LastDeliveryAt, now).SetProperty(w => w.LastStatus, result.Status).SetProperty(w => w.LastError, error)
                    .SetProperty(w => w.LastErrorTexts, errorTexts), ct);
                if (logger.IsEnabled(LogLevel.Information))
                    logger.LogInformation("Webhook {WebhookId}: event {EventId} failed (attempt {Attempts}, status {Status}); next try at {Next:u}", hook.Id, change.Id, attempts, result.Status, next);
            }
            return delivered;
        }
        return delivered;
    }

    private async Task<WebhookPostResult> PostAsync(Webhook hook, WebhookEvent payload, CancellationToken ct)
    {
        var allowNonPublic = options.Value.AllowNonPublicAddresses;
        if (WebhookAddresses.CheckUrl(hook.Url, allowNonPublic, out var url) is not null)
            return new WebhookPostResult(false, null, new Phrase(() => WebhookAddresses.CheckUrl(hook.Url, allowNonPublic, out _) ?? ""));
        string secret;
        try
        {
            secret = _protector.Unprotect(hook.EncryptedSecret);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return new WebhookPostResult(false, null, CoreText.Said("Webhooks.Delivery.SecretLost"));
        }
        return await client.PostAsync(url!, payload, secret, ct);
    }

    internal static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, attempts - 1)));
}
