using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Standings;

namespace StandingsManager.Core.Lists;

/// <summary>An entry as a list's source (in-game contacts, war targets) says it should be.</summary>
/// <param name="Details">What the audit row and the entry's notes say about where it came from.</param>
public sealed record SourcedEntry(long EntityId, EntityType EntityType, string EntityName, double Standing, Localization.Phrase Details);

public sealed record ListContentChanges(int Added, int Changed, int Removed)
{
    public bool Any => Added + Changed + Removed > 0;
}

/// <summary>
/// Brings a source-written list in line with what its source says: each add, change and removal is saved by itself
/// with its own audit row (actor "System"), so a crash part-way leaves every change made so far recorded and the next
/// read finishes the rest. Publishes one <see cref="StandingsChange"/> for the list when anything changed.
/// </summary>
public static class ListContent
{
    private const int NotesLength = 1000;

    private const double Tolerance = 1e-4;

    public static async Task<ListContentChanges> ApplyAsync(IDbContextFactory<StandingsDbContext> dbFactory, StandingsEvents events,
        int listId, IReadOnlyCollection<SourcedEntry> wanted, Localization.Phrase removedDetails, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dbFactory);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(wanted);
        Dictionary<long, StandingsEntry> current;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            current = await db.Standings.AsNoTracking().Where(e => e.ListId == listId).ToDictionaryAsync(e => e.EntityId, ct);

        var byId = new Dictionary<long, SourcedEntry>(wanted.Count);
        foreach (var w in wanted)
            byId[w.EntityId] = w;

        int added = 0, changed = 0, removed = 0;
        foreach (var old in current.Values.Where(e => !byId.ContainsKey(e.EntityId)).OrderBy(e => e.EntityId))
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            // Tracked, not ExecuteDelete: the context writes the change-log row in the same save.
            if (await db.Standings.SingleOrDefaultAsync(e => e.Id == old.Id, ct) is not { } gone)
                continue;
            db.Standings.Remove(gone);
            db.Record(now, AuditAction.EntryRemoved, null, old.EntityId, old.EntityType, old.EntityName, gone.Standing, removedDetails, listId);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                continue; // removed (or changed) by someone else meanwhile: the next read settles it
            }
            removed++;
        }
        foreach (var w in byId.Values.OrderBy(w => w.EntityId))
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            if (current.TryGetValue(w.EntityId, out var old))
            {
                // Compared in English, as stored; a row from before translations were kept gets them, quietly.
                var notes = w.Details.Capture(NotesLength);
                if (Math.Abs(old.Standing - w.Standing) <= Tolerance && old.EntityName == w.EntityName && old.Notes == notes.English && old.NotesTexts is not null)
                    continue;
                var entry = await db.Standings.SingleAsync(e => e.Id == old.Id, ct);
                var standingChanged = Math.Abs(old.Standing - w.Standing) > Tolerance;
                entry.Standing = w.Standing;
                entry.EntityName = w.EntityName;
                entry.Notes = notes.English;
                entry.NotesTexts = notes.ToJson();
                // A new name or new details alone are kept quietly; a new standing is a change worth a row.
                if (standingChanged)
                {
                    db.Record(now, AuditAction.EntryEdited, null, w.EntityId, w.EntityType, w.EntityName, w.Standing,
                        RecordText.Said("Record.Source.Changed", RecordText.Standing(old.Standing), RecordText.Standing(w.Standing), w.Details), listId);
                    changed++;
                }
            }
            else
            {
                var notes = w.Details.Capture(NotesLength);
                db.Standings.Add(new StandingsEntry
                {
                    ListId = listId,
                    EntityId = w.EntityId,
                    EntityType = w.EntityType,
                    EntityName = w.EntityName,
                    Standing = w.Standing,
                    Notes = notes.English,
                    NotesTexts = notes.ToJson(),
                    AddedByName = Localization.SystemName.Stored,
                    AddedAt = now,
                });
                db.Record(now, AuditAction.EntryAdded, null, w.EntityId, w.EntityType, w.EntityName, w.Standing, w.Details, listId);
                added++;
            }
            await db.SaveChangesAsync(ct);
        }

        var result = new ListContentChanges(added, changed, removed);
        if (result.Any)
            await events.PublishAsync(new StandingsChange(StandingsChangeKind.Entries, listId));
        return result;
    }
}
