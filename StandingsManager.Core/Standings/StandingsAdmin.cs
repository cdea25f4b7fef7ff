using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Localization;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Standings;

/// <summary>An entry as the page showed it: its id and the version it had then.</summary>
public sealed record EntryRef(int EntryId, int Version);

public enum BulkAction
{
    SetStanding,
    SetExpiry,
    Remove,
}

/// <summary>One change applied to every selected entry; <see cref="ExpiresAt"/> null with <see cref="BulkAction.SetExpiry"/> clears the expiry.</summary>
public sealed record BulkChange(BulkAction Action, double Standing = 0, DateTimeOffset? ExpiresAt = null)
{
    public static BulkChange SetStanding(double standing) => new(BulkAction.SetStanding, Standing: standing);
    public static BulkChange SetExpiry(DateTimeOffset? expiresAt) => new(BulkAction.SetExpiry, ExpiresAt: expiresAt);
    public static BulkChange Remove { get; } = new(BulkAction.Remove);
}

/// <summary>Direct edits of a standings list by administrators, each audited; lists written by a source refuse them.</summary>
public sealed class StandingsAdmin(IDbContextFactory<StandingsDbContext> dbFactory, ActorLoader actors, StandingsEvents events, TimeProvider time)
{
    private static string RaceMessage => CoreText.Get("Entry.Race");

    /// <summary>
    /// Adds an entry under a name the caller already resolved through EVE (<see cref="ManualEntries"/>); internal so
    /// that no page can add a typed name.
    /// </summary>
    internal async Task<int> AddAsync(int listId, int actorAccountId, long entityId, EntityType type, string name, double standing, string? notes, CancellationToken ct = default)
    {
        if (entityId <= 0)
            throw WorkflowException.Invalid(CoreText.Get("Entity.GiveId"));
        var cleanName = FreeText.Clean(name) ?? throw WorkflowException.Invalid(CoreText.Get("Entity.GiveEntityName"));
        if (cleanName.Length > 100)
            throw WorkflowException.Invalid(CoreText.Format("Entity.NameTooLong", 100));
        StandingScale.Require(standing);
        notes = FreeText.Clean(notes);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        actor.Require(Role.Administrator, () => CoreText.Get("Role.Needed.EditStandingsList"));
        var list = await ListGuard.EditableAsync(db, listId, ct);
        if (await db.Standings.AnyAsync(e => e.ListId == listId && e.EntityId == entityId, ct))
            throw WorkflowException.Conflict(CoreText.Format("Entry.AlreadyOnList", cleanName, list.Name));

        var now = time.GetUtcNow();
        var entry = new StandingsEntry
        {
            ListId = listId,
            EntityId = entityId,
            EntityType = type,
            EntityName = cleanName,
            Standing = standing,
            Notes = notes,
            AddedByAccountId = actor.AccountId,
            AddedByName = actor.Name,
            AddedAt = now,
        };
        db.Standings.Add(entry);
        db.Record(now, AuditAction.EntryAdded, actor, entityId, type, cleanName, standing, notes, listId);
        await db.SaveStepAsync(CoreText.Format("Entry.AddedMeanwhile", cleanName, list.Name), ct);
        await events.PublishAsync(new(StandingsChangeKind.Entries, listId));
        return entry.Id;
    }

    /// <summary>Edits value and notes; <paramref name="expectedVersion"/> guards against overwriting someone else's edit.</summary>
    public async Task EditAsync(int actorAccountId, int entryId, int expectedVersion, double standing, string? notes, CancellationToken ct = default)
    {
        StandingScale.Require(standing);
        notes = FreeText.Clean(notes);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        actor.Require(Role.Administrator, () => CoreText.Get("Role.Needed.EditStandingsList"));
        var entry = await db.Standings.SingleOrDefaultAsync(e => e.Id == entryId, ct)
            ?? throw WorkflowException.NotFound(CoreText.Get("Entry.Gone"));
        await ListGuard.EditableAsync(db, entry.ListId, ct);
        if (entry.Version != expectedVersion)
            throw WorkflowException.Conflict(RaceMessage);

        var before = entry.Standing;
        entry.Standing = standing;
        entry.Notes = notes;
        var now = time.GetUtcNow();
        db.Record(now, AuditAction.EntryEdited, actor, entry.EntityId, entry.EntityType, entry.EntityName, standing,
            notes is null
                ? RecordText.Said("Record.Entry.Standing", RecordText.Standing(before), RecordText.Standing(standing))
                : RecordText.Said("Record.Entry.StandingWithNotes", RecordText.Standing(before), RecordText.Standing(standing), notes), entry.ListId);
        await db.SaveStepAsync(RaceMessage, ct);
        await events.PublishAsync(new(StandingsChangeKind.Entries, entry.ListId));
    }

    /// <summary>Removes an entry; <paramref name="expectedVersion"/> guards against removing an entry someone changed since it was shown.</summary>
    public async Task RemoveAsync(int actorAccountId, int entryId, int expectedVersion, string? reason, CancellationToken ct = default)
    {
        reason = FreeText.Clean(reason);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        actor.Require(Role.Administrator, () => CoreText.Get("Role.Needed.EditStandingsList"));
        var entry = await db.Standings.SingleOrDefaultAsync(e => e.Id == entryId, ct)
            ?? throw WorkflowException.NotFound(CoreText.Get("Entry.Gone"));
        await ListGuard.EditableAsync(db, entry.ListId, ct);
        if (entry.Version != expectedVersion)
            throw WorkflowException.Conflict(RaceMessage);

        db.Standings.Remove(entry);
        var now = time.GetUtcNow();
        db.Record(now, AuditAction.EntryRemoved, actor, entry.EntityId, entry.EntityType, entry.EntityName, entry.Standing, reason, entry.ListId);
        await db.SaveStepAsync(RaceMessage, ct);
        await events.PublishAsync(new(StandingsChangeKind.Entries, entry.ListId));
    }

    /// <summary>
    /// Applies one change to many entries with one reason, all or nothing: if any of them changed since the page
    /// showed it, nothing is applied. Each entry gets its own audit row. Every entry must be on <paramref name="listId"/>,
    /// the list the page shows. Returns how many entries changed.
    /// </summary>
    public async Task<int> BulkAsync(int listId, int actorAccountId, IReadOnlyCollection<EntryRef> entries, BulkChange change, string? reason, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(change);
        if (entries.Count == 0)
            throw WorkflowException.Invalid(CoreText.Get("Bulk.NoneSelected"));
        var why = FreeText.Clean(reason) ?? throw WorkflowException.Invalid(CoreText.Get("Bulk.Reason"));
        var now = time.GetUtcNow();
        if (change.Action == BulkAction.SetStanding)
            StandingScale.Require(change.Standing);
        if (change is { Action: BulkAction.SetExpiry, ExpiresAt: { } expiry } && expiry <= now)
            throw WorkflowException.Invalid(CoreText.Get("Bulk.ExpiryPast"));

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        actor.Require(Role.Administrator, () => CoreText.Get("Role.Needed.EditStandingsList"));
        await ListGuard.EditableAsync(db, listId, ct);
        var ids = entries.Select(e => e.EntryId).Distinct().ToList();
        // Entries of another list count as gone: the page showed this list.
        var loaded = await db.Standings.Where(e => e.ListId == listId && ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
        var stale = entries.Count(e => !loaded.TryGetValue(e.EntryId, out var entry) || entry.Version != e.Version);
        if (stale > 0)
            throw WorkflowException.Conflict(CoreText.Format("Bulk.Stale", stale));

        foreach (var entry in loaded.Values)
        {
            if (change.Action == BulkAction.Remove)
            {
                db.Standings.Remove(entry);
                db.Record(now, AuditAction.EntryRemoved, actor, entry.EntityId, entry.EntityType, entry.EntityName, entry.Standing, why, listId);
                continue;
            }
            Localization.Phrase what;
            if (change.Action == BulkAction.SetStanding)
            {
                what = RecordText.Said("Record.Entry.Standing", RecordText.Standing(entry.Standing), RecordText.Standing(change.Standing));
                entry.Standing = change.Standing;
            }
            else
            {
                what = RecordText.Said("Record.Entry.Expiry", RecordText.Expiry(entry.ExpiresAt), RecordText.Expiry(change.ExpiresAt));
                entry.ExpiresAt = change.ExpiresAt;
            }
            db.Record(now, AuditAction.EntryEdited, actor, entry.EntityId, entry.EntityType, entry.EntityName, entry.Standing, RecordText.Said("Record.Bulk.WithReason", what, why), listId);
        }
        await db.SaveStepAsync(RaceMessage, ct);
        await events.PublishAsync(new(StandingsChangeKind.Entries, listId));
        return loaded.Count;
    }
}
