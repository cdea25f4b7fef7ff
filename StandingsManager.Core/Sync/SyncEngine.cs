using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Eve.Sso;
using StandingsManager.Core.Notifications;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Sync;

/// <summary>
/// Syncs one character: eligibility, conditional reads, <see cref="SyncPlanner"/>, then the writes, one ESI call at a
/// time behind a write-ahead ledger (intent saved before the call, outcome after), so a crash at any point leaves every
/// contact that may have been written in the ledger and the next run converges without duplicates or orphans.
/// The caller (the scheduler) holds the character's lease.
/// </summary>
public sealed class SyncEngine(
    IDbContextFactory<StandingsDbContext> dbFactory,
    EveTokenStore tokens,
    EsiClient esi,
    EsiGate gate,
    ActorLoader actors,
    AccessStates states,
    DesiredSetCache desiredSets,
    SyncEvents events,
    IOptions<StandingsOptions> options,
    TimeProvider time,
    ILogger<SyncEngine> logger) : ICharacterSync
{
    public const int KeptRuns = 100;

    public async Task<SyncReport> RunAsync(long characterId, SyncMode mode, CancellationToken ct)
    {
        var started = time.GetUtcNow();
        var clock = time.GetTimestamp();
        var run = new RunState(characterId, mode, started);

        var eligibility = await CheckEligibilityAsync(characterId, mode, ct);
        run.AccountId = eligibility.AccountId;
        if (eligibility.Problem is { } problem)
            return await DisableAsync(run, eligibility, problem, clock, ct);

        await events.PublishAsync(new SyncEvent(SyncEventKind.Started, characterId, run.AccountId, SyncStatus.Pending, At: started));
        try
        {
            return await SyncAsync(run, eligibility.Synced!, clock, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down (or killed): the ledger already holds every intent; the next run picks up from there.
            throw;
        }
        catch (EsiException ex) when (ex.StatusCode == HttpStatusCode.Unauthorized)
        {
            // ESI no longer takes the access token: the grant may have been revoked since it was issued. A refresh tells.
            run.Error = ex.Message;
            return await FinishAsync(run, SyncStatus.Error, await RecheckGrantAsync(characterId, ct), clock, converged: false, ct);
        }
        catch (Exception ex) when (Describe(ex) is { } message)
        {
            if (logger.IsEnabled(LogLevel.Warning))
                logger.LogWarning("Sync of character {CharacterId} failed: {Error}", characterId, ex.Message);
            run.Error = ex.Message;
            return await FinishAsync(run, SyncStatus.Error, message, clock, converged: false, ct);
        }
    }

    /// <summary>After a 401: drop the cached access token and refresh; a refused refresh marks the grant invalid (and tells the owner).</summary>
    private async Task<string> RecheckGrantAsync(long characterId, CancellationToken ct)
    {
        tokens.Forget(characterId);
        try
        {
            await tokens.GetAccessTokenAsync(characterId, ct);
            return "EVE refused the access token; the next sync tries again with a new one.";
        }
        catch (Exception ex) when (ex is EveGrantRevokedException or EveTokenMissingException)
        {
            return "EVE no longer accepts this character's grant: add the character again (Characters page).";
        }
        catch (EveSsoUnavailableException)
        {
            return "EVE refused the access token and EVE SSO is unavailable; the next sync tries again.";
        }
    }

    // ---- Eligibility -------------------------------------------------------------------------------------------

    private sealed record Eligibility(int AccountId, SyncedCharacter? Synced, string? Problem, string? CharacterName);

    /// <summary>Everything that can be known without an ESI call. Unsync only needs a grant that can still write.</summary>
    private async Task<Eligibility> CheckEligibilityAsync(long characterId, SyncMode mode, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var synced = await db.SyncedCharacters.AsNoTracking().SingleOrDefaultAsync(s => s.CharacterId == characterId, ct);
        var character = await db.Characters.AsNoTracking().SingleOrDefaultAsync(c => c.Id == characterId, ct);
        if (synced is null)
            return new Eligibility(character?.AccountId ?? 0, null, "This character is not set up for contact sync.", character?.Name);
        if (character is null || character.AccountId != synced.AccountId)
            return new Eligibility(synced.AccountId, synced, "The character is no longer on your account: re-add the character on the Characters page.", character?.Name);

        var state = AccessState.Guest;
        if (mode != SyncMode.Unsync)
        {
            Actor actor;
            try
            {
                actor = await actors.LoadAsync(db, synced.AccountId, ct);
            }
            catch (WorkflowException)
            {
                return new Eligibility(synced.AccountId, synced, SyncStops.AccountDeactivated, character.Name);
            }
            if (!actor.Has(Role.Member))
                return new Eligibility(synced.AccountId, synced, SyncStops.StateLostAccess(actor.State), character.Name);
            state = actor.State;
        }

        var grant = await db.Tokens.AsNoTracking().SingleOrDefaultAsync(t => t.CharacterId == characterId, ct);
        var check = GrantCheck.Of(grant, mode == SyncMode.Unsync ? EveScopes.Contacts : states.RequiredScopes(state));
        if (check.Problem is GrantProblem.NotGranted or GrantProblem.NoLongerValid)
            return new Eligibility(synced.AccountId, synced, $"EVE no longer accepts the grant of {character.Name}: re-add the character on the Characters page.", character.Name);
        var missing = check.Missing;
        if (missing.Count > 0)
            return new Eligibility(synced.AccountId, synced, $"{character.Name} has not granted {string.Join(", ", missing)}: grant the missing scopes {string.Join(", ", missing)} by re-adding the character on the Characters page.", character.Name);
        return new Eligibility(synced.AccountId, synced, null, character.Name);
    }

    private async Task<SyncReport> DisableAsync(RunState run, Eligibility eligibility, string problem, long clock, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (eligibility.Synced is not null)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var synced = await db.SyncedCharacters.SingleAsync(s => s.CharacterId == run.CharacterId, ct);
            if (run.Mode != SyncMode.Unsync)
            {
                SyncStops.Stop(db, synced, eligibility.CharacterName ?? $"#{run.CharacterId}", problem, now);
                synced.LastSyncAt = now;
            }
            AddRun(db, run, run.Mode == SyncMode.Unsync ? SyncStatus.Error : SyncStatus.Disabled, problem, clock, now);
            await db.SaveChangesAsync(ct);
            await TrimRunsAsync(db, run.CharacterId, ct);
        }
        var status = run.Mode == SyncMode.Unsync ? SyncStatus.Error : SyncStatus.Disabled;
        if (run.Mode != SyncMode.Unsync)
            await events.PublishAsync(new SyncEvent(SyncEventKind.Changed, run.CharacterId, run.AccountId, status, problem, At: now));
        await events.PublishAsync(new SyncEvent(SyncEventKind.Finished, run.CharacterId, run.AccountId, status, problem, At: now));
        return Report(run, status, problem, clock);
    }

    // ---- The sync ----------------------------------------------------------------------------------------------

    private async Task<SyncReport> SyncAsync(RunState run, SyncedCharacter synced, long clock, CancellationToken ct)
    {
        var settings = options.Value;
        var labelName = settings.LabelName.Trim();
        var policy = settings.PersonalContacts;
        var characterId = run.CharacterId;

        var desired = run.Mode == SyncMode.Unsync ? null : await desiredSets.GetAsync(ct);
        var hash = desired?.HashFor(characterId, labelName, policy);

        var token = await tokens.GetAccessTokenAsync(characterId, ct);
        var sameSet = run.Mode == SyncMode.Sync && hash is not null && hash == synced.LastDesiredHash;
        var labelsRead = esi.GetContactLabelsAsync(characterId, token, synced.LabelsETag, ct);
        // Steady state (same list, label known, contacts' ETag held): both conditional reads go out together, so a quiet
        // cycle waits for one round trip instead of two. Otherwise the label decides whether the contacts are read at all.
        Task<EsiConditionalResult<EsiContact>>? contactsRead = null;
        if (sameSet && synced.LabelId is not null && synced.ContactsETag is not null)
        {
            contactsRead = esi.GetContactsAsync(characterId, token, synced.ContactsETag, ct);
            await Task.WhenAll(labelsRead, contactsRead);
            run.Calls += contactsRead.Result.Calls;
        }
        var labels = await labelsRead;
        run.Calls += labels.Calls;
        long? labelId = labels.NotModified ? synced.LabelId : FindLabel(labels.Items, labelName);
        if (labels.NotModified && labelId is null)
        {
            // A 304 with no remembered label id cannot answer the question: read the body.
            labels = await esi.GetContactLabelsAsync(characterId, token, null, ct);
            run.Calls += labels.Calls;
            labelId = FindLabel(labels.Items, labelName);
        }
        if (labelId is null && run.Mode != SyncMode.Unsync)
        {
            var message = $"Contact label '{labelName}' not found: create it in game (People & Places → Contacts → Add label)";
            return await FinishAsync(run, SyncStatus.Warning, message, clock, converged: false, ct);
        }
        run.LabelsETag = labels.ETag;
        run.LabelId = labelId;

        EsiConditionalResult<EsiContact> contacts;
        if (contactsRead is not null)
        {
            contacts = await contactsRead; // already counted
        }
        else
        {
            contacts = await esi.GetContactsAsync(characterId, token, sameSet ? synced.ContactsETag : null, ct);
            run.Calls += contacts.Calls;
        }
        if (contacts.NotModified && labels.NotModified && sameSet)
        {
            run.Unchanged = true;
            run.ContactsETag = contacts.ETag;
            run.Hash = hash;
            // Same list, same contacts: whatever the last converged run reported still holds.
            return await FinishAsync(run, synced.Status is SyncStatus.Warning ? SyncStatus.Warning : SyncStatus.Ok,
                synced.Status is SyncStatus.Warning && synced.StatusMessage is { } kept ? kept : "In line with the standings list; nothing changed.",
                clock, converged: true, ct);
        }
        if (contacts.NotModified)
        {
            // The labels changed but the contacts did not: the plan still needs the body.
            contacts = await esi.GetContactsAsync(characterId, token, null, ct);
            run.Calls += contacts.Calls;
        }
        run.ContactsETag = contacts.ETag;
        run.Hash = hash;

        List<ManagedContact> ledger;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            ledger = await db.ManagedContacts.AsNoTracking().Where(m => m.CharacterId == characterId).ToListAsync(ct);

        var now = time.GetUtcNow();
        var plan = SyncPlanner.Plan(contacts.Items, labelId ?? -1, ledger, desired?.Entries ?? [], characterId, policy, now,
            SyncPlanner.CacheWindow);
        var names = await NamesAsync(plan, desired, ct);
        run.Changes.AddRange(plan.Collisions.Select(c => new SyncChange(SyncChangeKind.Collision, c.Id, c.Type, c.Name, To: c.Standing)));
        run.Changes.AddRange(plan.Capped.Select(c => new SyncChange(SyncChangeKind.Capped, c.Id, c.Type, c.Name, To: c.Standing)));
        run.Collisions = plan.Collisions.Count;
        run.Capped = plan.Capped.Count;

        if (run.Mode == SyncMode.DryRun)
        {
            foreach (var p in plan.Calls.SelectMany(c => c.Contacts))
                run.Changes.Add(Change(p, names));
            run.Added = plan.Contacts(SyncChangeKind.Add).Count();
            run.Updated = plan.Contacts(SyncChangeKind.Update).Count() + plan.Contacts(SyncChangeKind.Restore).Count();
            run.Removed = plan.Contacts(SyncChangeKind.Remove).Count();
            var preview = plan.HasWrites
                ? $"A sync would add {run.Added}, update {run.Updated} and remove {run.Removed} contacts."
                : "A sync would change nothing.";
            return await FinishAsync(run, SyncStatus.Ok, preview, clock, converged: false, ct);
        }

        await new LedgerWriter(dbFactory, esi, events, time, run, names, token).ApplyAsync(plan, ct);

        var (status, text) = Summarise(run, labelName);
        return await FinishAsync(run, status, text, clock, converged: run.Refused == 0, ct);
    }

    private static long? FindLabel(IReadOnlyList<EsiContactLabel> labels, string labelName)
    {
        foreach (var label in labels)
        {
            if (string.Equals(label.LabelName.Trim(), labelName, StringComparison.OrdinalIgnoreCase))
                return label.LabelId;
        }
        return null;
    }

    private static (SyncStatus, string) Summarise(RunState run, string labelName)
    {
        var parts = new List<string>();
        if (run.Capped > 0)
            parts.Add(run.Capped == 1
                ? $"1 entry did not fit under EVE's 1,024-contact cap ({NameList(run, SyncChangeKind.Capped)}): remove personal contacts to make room."
                : $"{run.Capped} entries did not fit under EVE's 1,024-contact cap ({NameList(run, SyncChangeKind.Capped)}): remove personal contacts to make room.");
        if (run.Collisions > 0)
            parts.Add(run.Collisions == 1
                ? $"Your own contact for {NameList(run, SyncChangeKind.Collision)} is also on the standings list and was left alone: delete it in game to receive the organisation's standing."
                : $"{run.Collisions} of your own contacts are also on the standings list and were left alone ({NameList(run, SyncChangeKind.Collision)}): delete them in game to receive the organisation's standing.");
        if (run.Refused > 0)
            parts.Add($"EVE did not add {NameList(run, SyncChangeKind.Refused)}: check them in game; the next sync tries again.");
        if (parts.Count > 0)
            return (SyncStatus.Warning, string.Join(' ', parts));
        return (SyncStatus.Ok, $"In line with the standings list ('{labelName}'): {run.Added} added, {run.Updated} updated, {run.Removed} removed.");
    }

    private static string NameList(RunState run, SyncChangeKind kind)
    {
        var names = run.Changes.Where(c => c.Kind == kind).Select(c => c.Name).ToList();
        return names.Count <= 10 ? string.Join(", ", names) : $"{string.Join(", ", names.Take(10))} and {names.Count - 10} more";
    }

    /// <summary>Names for the changes: entries first, then EVE names the app already knows, then "#id".</summary>
    private async Task<Dictionary<long, string>> NamesAsync(SyncPlan plan, DesiredSet? desired, CancellationToken ct)
    {
        var names = new Dictionary<long, string>();
        var unknown = new List<long>();
        foreach (var p in plan.Calls.SelectMany(c => c.Contacts))
        {
            if (desired is not null && desired.ById.TryGetValue(p.Id, out var entry))
                names[p.Id] = entry.Name;
            else
                unknown.Add(p.Id);
        }
        if (unknown.Count > 0)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            foreach (var chunk in unknown.Chunk(500))
            {
                foreach (var e in await db.EveEntities.AsNoTracking().Where(e => chunk.Contains(e.Id)).Select(e => new { e.Id, e.Name }).ToListAsync(ct))
                    names[e.Id] = e.Name;
            }
        }
        return names;
    }

    private static SyncChange Change(PlannedContact p, Dictionary<long, string> names) =>
        new(p.Kind, p.Id, p.Type, NameOf(p.Id, names), p.From, p.Kind == SyncChangeKind.Remove ? null : p.Standing);

    private static string NameOf(long id, Dictionary<long, string> names) =>
        names.TryGetValue(id, out var name) ? name : string.Create(CultureInfo.InvariantCulture, $"#{id}");

    // ---- Writes behind the ledger ------------------------------------------------------------------------------

    /// <summary>Runs the plan's calls: intent saved, exactly one ESI call, outcome saved; progress after each.</summary>
    private sealed class LedgerWriter(IDbContextFactory<StandingsDbContext> dbFactory, EsiClient esi, SyncEvents events, TimeProvider time, RunState run, Dictionary<long, string> names, string token)
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
                    run.Changes.Add(new SyncChange(SyncChangeKind.Refused, p.Id, p.Type, NameOf(p.Id, names), To: p.Standing));
                    continue;
                }
                run.Changes.Add(Change(p, names));
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

    // ---- Finishing ---------------------------------------------------------------------------------------------

    private async Task<SyncReport> FinishAsync(RunState run, SyncStatus status, string message, long clock, bool converged, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // The outcome is recorded even when the caller gives up now: a half-told run is worse than a late save.
        var save = ct.IsCancellationRequested ? CancellationToken.None : ct;
        await using (var db = await dbFactory.CreateDbContextAsync(save))
        {
            var synced = await db.SyncedCharacters.SingleOrDefaultAsync(s => s.CharacterId == run.CharacterId, save);
            if (synced is not null && run.Mode != SyncMode.DryRun)
            {
                synced.Status = status;
                synced.StatusMessage = FreeText.Truncate(message, 1000);
                synced.LastSyncAt = now;
                if ((status is SyncStatus.Ok or SyncStatus.Warning) && (converged || run.Unchanged))
                    synced.LastSuccessAt = now;
                if (run.LabelId is not null)
                {
                    synced.LabelId = run.LabelId;
                    synced.LabelsETag = run.LabelsETag;
                }
                if (converged && run.Mode == SyncMode.Sync)
                {
                    synced.LastDesiredHash = run.Hash;
                    // After writes the read we hold is out of date, and while the ledger still overrides the read (rows
                    // younger than ESI's cache, or a write whose fate is unknown) a 304 must not skip the plan that settles
                    // them: read in full next time.
                    var young = now - SyncPlanner.CacheWindow;
                    var unsettled = !run.Unchanged && await db.ManagedContacts.AnyAsync(m => m.CharacterId == run.CharacterId
                        && (m.State == LedgerState.Writing || m.State == LedgerState.Removing || m.WrittenAt > young), save);
                    synced.ContactsETag = run.Writes > 0 || unsettled ? null : run.ContactsETag;
                }
                else if (status == SyncStatus.Error || run.Refused > 0)
                {
                    synced.LastDesiredHash = null;
                }
            }
            AddRun(db, run, status, message, clock, now);
            await db.SaveChangesAsync(save);
            if (run.Mode != SyncMode.DryRun)
                await SyncOutcomeDays.CountAsync(db, run.StartedAt, status, save);
            await TrimRunsAsync(db, run.CharacterId, save);
        }
        var report = Report(run, status, message, clock);
        await events.PublishAsync(new SyncEvent(SyncEventKind.Finished, run.CharacterId, run.AccountId, status, message,
            run.Added, run.Updated, run.Removed, run.Calls, now));
        return report;
    }

    private void AddRun(StandingsDbContext db, RunState run, SyncStatus status, string message, long clock, DateTimeOffset now) =>
        db.SyncRuns.Add(new SyncRun
        {
            CharacterId = run.CharacterId,
            StartedAt = run.StartedAt,
            FinishedAt = now,
            Outcome = status,
            DryRun = run.Mode == SyncMode.DryRun,
            Added = run.Added,
            Updated = run.Updated,
            Removed = run.Removed,
            Collisions = run.Collisions,
            Capped = run.Capped,
            Refused = run.Refused,
            EsiCalls = run.Calls,
            DurationMs = (int)Math.Min(int.MaxValue, time.GetElapsedTime(clock).TotalMilliseconds),
            Message = FreeText.Truncate(message, 4000),
            Error = run.Error is null ? null : FreeText.Truncate(run.Error, 2000),
        });

    private static async Task TrimRunsAsync(StandingsDbContext db, long characterId, CancellationToken ct)
    {
        var cutoff = await db.SyncRuns.Where(r => r.CharacterId == characterId).OrderByDescending(r => r.Id)
            .Skip(KeptRuns - 1).Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
        if (cutoff is { } id)
            await db.SyncRuns.Where(r => r.CharacterId == characterId && r.Id < id).ExecuteDeleteAsync(ct);
    }

    private SyncReport Report(RunState run, SyncStatus status, string message, long clock) =>
        new(run.CharacterId, run.Mode, status, message, run.Added, run.Updated, run.Removed, run.Collisions, run.Capped, run.Refused,
            run.Calls, time.GetElapsedTime(clock), [.. run.Changes], run.Unchanged);

    /// <summary>What the member reads for a failure: always the fix or when it clears. Null for bugs, which propagate.</summary>
    private string? Describe(Exception ex) => ex switch
    {
        EveTokenMissingException or EveGrantRevokedException =>
            "EVE no longer accepts this character's grant: add the character again (Characters page).",
        EveSsoUnavailableException => "EVE SSO is unavailable, will retry.",
        EsiException esiEx when esiEx.StatusCode == (HttpStatusCode)420 || gate.ErrorBudgetPausedUntil is not null =>
            $"ESI paused after too many errors; it resumes at {(gate.ErrorBudgetPausedUntil ?? time.GetUtcNow().AddMinutes(1)).UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture)} UTC and the sync will retry.",
        EsiException { StatusCode: HttpStatusCode.Forbidden } =>
            "EVE refused access to the contacts: grant the missing scopes by re-adding the character on the Characters page.",
        EsiException { StatusCode: null } or EsiException { IsRetryable: true } => "EVE/ESI is unavailable, will retry.",
        EsiException esiEx => $"ESI refused a contacts call ({(int?)esiEx.StatusCode}{(esiEx.EsiError is null ? "" : ": " + esiEx.EsiError)}); the next sync tries again.",
        _ => null,
    };

    /// <summary>What one run did so far: counts, calls, changes and what to store if it converges.</summary>
    private sealed class RunState(long characterId, SyncMode mode, DateTimeOffset startedAt)
    {
        public long CharacterId { get; } = characterId;
        public SyncMode Mode { get; } = mode;
        public DateTimeOffset StartedAt { get; } = startedAt;
        public int AccountId { get; set; }
        public int Added { get; set; }
        public int Updated { get; set; }
        public int Removed { get; set; }
        public int Collisions { get; set; }
        public int Capped { get; set; }
        public int Refused { get; set; }
        public int Calls { get; set; }
        public int Writes { get; set; }
        public bool Unchanged { get; set; }
        public string? Error { get; set; }
        public string? Hash { get; set; }
        public string? ContactsETag { get; set; }
        public string? LabelsETag { get; set; }
        public long? LabelId { get; set; }
        public List<SyncChange> Changes { get; } = [];
    }
}
