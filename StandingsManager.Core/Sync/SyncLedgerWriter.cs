using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Sync;

/// <summary>Runs the plan's calls: intent saved, exactly one ESI call, outcome saved; progress after each.</summary>
internal sealed class SyncLedgerWriter(IDbContextFactory<StandingsDbContext> dbFactory, EsiClient esi, SyncEvents events, TimeProvider time, SyncRunState run, Dictionary<long, string> names, string token)
{
    private readonly long _characterId = run.CharacterId;

    public async Task ApplyAsync(SyncPlan plan, CancellationToken ct)
    {
        if (plan.LedgerUpserts.Count > 0 || plan.LedgerDrops.Count > 0 || plan.HasWrites)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var rows = await LoadAsync(db, plan.LedgerUpserts.Select(u => u.ContactId).Concat(plan.LedgerDrops), ct);
            foreach (var upsert in plan.LedgerUpserts)
                Upsert(db, rows, upsert);
            foreach (var id in plan.LedgerDrops)
            {
                if (rows.TryGetValue(id, out var row))
                    db.ManagedContacts.Remove(row);
            }
            if (plan.HasWrites)
            {
                // A stale 304 must never hide a half-done run: the next run reads the contacts in full.
                await db.SyncedCharacters.Where(s => s.CharacterId == _characterId)
                    .ExecuteUpdateAsync(u => u.SetProperty(s => s.ContactsETag, (string?)null), ct);
            }
            await db.SaveChangesAsync(ct);
        }

        foreach (var call in plan.Calls)
        {
            await SaveIntentAsync(call, ct);
            IReadOnlyCollection<long> landed;
            try
            {
                landed = await SendAsync(call, ct);
            }
            catch (EsiException ex)
            {
                await SaveFailureAsync(call, ex, ct);
                throw;
            }
            await SaveOutcomeAsync(call, landed, ct);
            await events.PublishAsync(new SyncEvent(SyncEventKind.Progress, _characterId, run.AccountId, SyncStatus.Pending,
                Added: run.Added, Updated: run.Updated, Removed: run.Removed, EsiCalls: run.Calls, At: time.GetUtcNow()));
        }
    }

    /// <summary>One call, never more: the plan already cut every call to ESI's per-call limit.</summary>
    private async Task<IReadOnlyCollection<long>> SendAsync(PlannedCall call, CancellationToken ct)
    {
        var ids = call.Contacts.Select(c => c.Id).ToArray();
        run.Calls++;
        run.Writes++;
        switch (call.Kind)
        {
            case ContactCallKind.Delete:
                await esi.DeleteContactsAsync(_characterId, token, ids, ct);
                return ids;
            case ContactCallKind.Add:
                return (await esi.AddContactsAsync(_characterId, token, ids, call.Standing, call.LabelIds, call.Watched, ct)).Value;
            default:
                await esi.EditContactsAsync(_characterId, token, ids, call.Standing, call.LabelIds, call.Watched, ct);
                return ids;
        }
    }

    private async Task SaveIntentAsync(PlannedCall call, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await LoadAsync(db, call.Contacts.Select(c => c.Id), ct);
        foreach (var p in call.Contacts)
        {
            rows.TryGetValue(p.Id, out var existing);
            var row = LedgerTransitions.Intent(existing, _characterId, p, now);
            if (existing is null)
                db.ManagedContacts.Add(row);
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task SaveOutcomeAsync(PlannedCall call, IReadOnlyCollection<long> landed, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var done = landed as HashSet<long> ?? [.. landed];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await LoadAsync(db, call.Contacts.Select(c => c.Id), ct);
        foreach (var p in call.Contacts)
        {
            if (!rows.TryGetValue(p.Id, out var row))
                continue;
            if (!LedgerTransitions.Outcome(row, p, done.Contains(p.Id), now))
            {
                // Only POST reports per id: an add EVE did not create is not ours to track.
                db.ManagedContacts.Remove(row);
                run.Refused++;
                run.Changes.Add(new SyncChange(SyncChangeKind.Refused, p.Id, p.Type, SyncEngine.NameOf(p.Id, names), To: p.Standing));
                continue;
            }
            run.Changes.Add(SyncEngine.Change(p, names));
            switch (p.Kind)
            {
                case SyncChangeKind.Add:
                    run.Added++;
                    break;
                case SyncChangeKind.Remove:
                    run.Removed++;
                    break;
                default:
                    run.Updated++;
                    break;
            }
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// A refused call (a 4xx answer) changed nothing: its intents are undone. Anything else (5xx, no answer) may have
    /// landed, so the intents stay and the next run settles them once ESI's cache shows the truth.
    /// </summary>
    private async Task SaveFailureAsync(PlannedCall call, EsiException ex, CancellationToken ct)
    {
        if (ex.Landed.Count > 0)
            await SaveOutcomeAsync(call with { Contacts = [.. call.Contacts.Where(c => ex.Landed.Contains(c.Id))] }, ex.Landed, ct);
        var status = (int?)ex.StatusCode;
        if (status is null or >= 500)
            return;
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var pending = call.Contacts.Where(c => !ex.Landed.Contains(c.Id)).Select(c => c.Id).ToList();
        var rows = await LoadAsync(db, pending, CancellationToken.None);
        foreach (var p in call.Contacts)
        {
            if (!rows.TryGetValue(p.Id, out var row) || ex.Landed.Contains(p.Id))
                continue;
            if (!LedgerTransitions.Refused(row, p))
                db.ManagedContacts.Remove(row); // never added
        }
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private async Task<Dictionary<long, ManagedContact>> LoadAsync(StandingsDbContext db, IEnumerable<long> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToArray();
        var rows = new Dictionary<long, ManagedContact>(wanted.Length);
        foreach (var chunk in wanted.Chunk(500))
        {
            foreach (var row in await db.ManagedContacts.Where(m => m.CharacterId == _characterId && chunk.Contains(m.ContactId)).ToListAsync(ct))
                rows[row.ContactId] = row;
        }
        return rows;
    }

    private static void Upsert(StandingsDbContext db, Dictionary<long, ManagedContact> rows, ManagedContact upsert)
    {
        if (rows.TryGetValue(upsert.ContactId, out var row))
        {
            db.Entry(row).CurrentValues.SetValues(upsert);
            return;
        }
        db.ManagedContacts.Add(upsert);
        rows[upsert.ContactId] = upsert;
    }
}
