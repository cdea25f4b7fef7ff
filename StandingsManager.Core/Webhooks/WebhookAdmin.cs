using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Localization;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Webhooks;

/// <summary>
/// Administrators register, edit, disable and delete a list's outgoing webhooks. Every change is audited with the list's
/// id; the audit names the receiver's host only (a URL may carry a token of its own). The secret is made here, stored
/// encrypted and handed back once.
/// </summary>
public sealed class WebhookAdmin(IDbContextFactory<StandingsDbContext> dbFactory, ActorLoader actors, IDataProtectionProvider protection,
    IOptions<WebhooksOptions> options, TimeProvider time)
{
    private static string WhatFor() => CoreText.Get("Role.Needed.ManageWebhooks");
    private static string RaceMessage => CoreText.Get("Webhooks.Race");
    private readonly IDataProtector _protector = WebhookSecrets.Protector(protection);

    /// <summary>Every webhook of every list not deleted, with its last delivery and how far behind it is.</summary>
    public async Task<IReadOnlyList<WebhookRow>> ListAsync(int actorAccountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        (await actors.LoadAsync(db, actorAccountId, ct)).Require(Role.Administrator, WhatFor);
        var rows = await (
            from w in db.Webhooks
            join l in db.Lists on w.ListId equals l.Id
            where l.DeletedAt == null
            orderby l.Name, w.Id
            select new
            {
                Hook = w,
                ListName = l.Name,
                Behind = db.EntryChanges.Count(c => c.ListId == w.ListId && c.Id > w.LastEventId),
                WaitingSince = db.EntryChanges.Where(c => c.ListId == w.ListId && c.Id > w.LastEventId).Min(c => (DateTimeOffset?)c.At),
            }).AsNoTracking().ToListAsync(ct);
        return [.. rows.Select(r => new WebhookRow(r.Hook.Id, r.Hook.ListId, r.ListName, r.Hook.Url, r.Hook.Enabled, r.Hook.CreatedByName,
            r.Hook.CreatedAt, r.Hook.LastDeliveryAt, r.Hook.LastStatus, r.Hook.LastError, r.Hook.AbandonedEvents, r.Hook.Attempts,
            r.Hook.NextAttemptAt, r.Behind, r.WaitingSince, r.Hook.Version, r.Hook.LastErrorTexts))];
    }

    /// <summary>Registers a webhook for a list; it posts the changes made from now on. Returns the secret, shown once.</summary>
    public async Task<WebhookCreated> CreateAsync(int actorAccountId, int listId, string? url, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        actor.Require(Role.Administrator, WhatFor);
        var list = await db.Lists.AsNoTracking().SingleOrDefaultAsync(l => l.Id == listId && l.DeletedAt == null, ct)
            ?? throw WorkflowException.NotFound(CoreText.Get("List.Gone"));
        var checkedUrl = await CheckAsync(url, ct);
        var secret = WebhookSignature.NewSecret();
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginWriteTransactionAsync(WriteArea.Lists, ct);
        var hook = new Webhook
        {
            ListId = list.Id,
            Url = checkedUrl.ToString(),
            EncryptedSecret = _protector.Protect(secret),
            CreatedByAccountId = actor.AccountId,
            CreatedByName = actor.Name,
            CreatedAt = now,
            NextAttemptAt = now,
            // From now on: the changes made before it was registered are not its to post.
            LastEventId = await db.EntryChanges.MaxAsync(c => (long?)c.Id, ct) ?? 0,
        };
        db.Webhooks.Add(hook);
        db.Record(now, AuditAction.WebhookCreated, actor, null, null, list.Name, null, RecordText.Said("Record.Webhook.Created", checkedUrl.Host), list.Id);
        await db.SaveStepAsync(RaceMessage, ct);
        await transaction.CommitAsync(ct);
        return new WebhookCreated(hook.Id, secret);
    }

    /// <summary>Changes the URL and whether the webhook posts; a disabled webhook keeps its place and catches up when enabled.</summary>
    public async Task EditAsync(int actorAccountId, int webhookId, int expectedVersion, string? url, bool enabled, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        actor.Require(Role.Administrator, WhatFor);
        var hook = await LoadAsync(db, webhookId, expectedVersion, ct);
        var checkedUrl = await CheckAsync(url, ct);
        var changes = new List<Localization.Phrase>();
        if (hook.Url != checkedUrl.ToString())
        {
            changes.Add(RecordText.Said("Record.Webhook.PostsTo", checkedUrl.Host));
            hook.Url = checkedUrl.ToString();
            // A new receiver gets a fresh start on the current event.
            hook.Attempts = 0;
            hook.NextAttemptAt = time.GetUtcNow();
        }
        if (hook.Enabled != enabled)
        {
            changes.Add(RecordText.Said(enabled ? "Record.Webhook.Enabled" : "Record.Webhook.Disabled"));
            hook.Enabled = enabled;
        }
        if (changes.Count == 0)
            return;
        var listName = await db.Lists.Where(l => l.Id == hook.ListId).Select(l => l.Name).SingleAsync(ct);
        db.Record(time.GetUtcNow(), AuditAction.WebhookEdited, actor, null, null, listName, null, RecordText.Said("Record.Webhook.Edited", hook.Id, new Localization.Phrase(() => string.Join(", ", changes.Select(c => c.Render())))), hook.ListId);
        await db.SaveStepAsync(RaceMessage, ct);
    }

    public async Task DeleteAsync(int actorAccountId, int webhookId, int expectedVersion, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        actor.Require(Role.Administrator, WhatFor);
        var hook = await LoadAsync(db, webhookId, expectedVersion, ct);
        var listName = await db.Lists.Where(l => l.Id == hook.ListId).Select(l => l.Name).SingleAsync(ct);
        db.Webhooks.Remove(hook);
        db.Record(time.GetUtcNow(), AuditAction.WebhookDeleted, actor, null, null, listName, null,
            RecordText.Said("Record.Webhook.Deleted", hook.Id, new Uri(hook.Url).Host), hook.ListId);
        await db.SaveStepAsync(RaceMessage, ct);
    }

    private async Task<Uri> CheckAsync(string? url, CancellationToken ct)
    {
        var allow = options.Value.AllowNonPublicAddresses;
        if (WebhookAddresses.CheckUrl(url, allow, out var uri) is { } problem)
            throw WorkflowException.Invalid(problem);
        try
        {
            await WebhookAddresses.ResolveAsync(uri!.IdnHost, allow, ct);
        }
        catch (WebhookAddressException ex)
        {
            throw WorkflowException.Invalid(ex.Message);
        }
        return uri;
    }

    private static async Task<Webhook> LoadAsync(StandingsDbContext db, int webhookId, int expectedVersion, CancellationToken ct)
    {
        var hook = await db.Webhooks.SingleOrDefaultAsync(w => w.Id == webhookId, ct)
            ?? throw WorkflowException.NotFound(CoreText.Get("Webhooks.Gone"));
        if (hook.Version != expectedVersion)
            throw WorkflowException.Conflict(RaceMessage);
        return hook;
    }
}
