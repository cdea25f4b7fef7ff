using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Eve.Sso;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Localization;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Sync;

/// <summary>
/// Syncs one character: eligibility, conditional reads, <see cref="SyncPlanner"/>, then the writes, one ESI call at a
/// time behind a write-ahead ledger (intent saved before the call, outcome after), so a crash at any point leaves every
/// contact that may have been written in the ledger and the next run converges without duplicates or orphans.
/// The caller (the scheduler) holds the character's lease.
/// </summary>
internal sealed class SyncEngine(
    IDbContextFactory<StandingsDbContext> dbFactory,
    EveTokenStore tokens,
    EsiClient esi,
    EsiGate gate,
    SyncEligibility eligibilities,
    DesiredSetCache desiredSets,
    SyncEvents events,
    IOptions<StandingsOptions> options,
    TimeProvider time,
    ILogger<SyncEngine> logger) : ICharacterSync
{
    public async Task<SyncReport> RunAsync(long characterId, SyncMode mode, CancellationToken ct)
    {
        var started = time.GetUtcNow();
        var clock = time.GetTimestamp();
        var run = new SyncRunState(characterId, mode, started);

        var eligibility = await eligibilities.CheckAsync(characterId, mode, ct);
        run.AccountId = eligibility.AccountId;
        if (eligibility.Problem is { } problem)
            return await DisableAsync(run, eligibility, problem, clock, ct);

        await events.PublishAsync(new SyncEvent(SyncEventKind.Started, characterId, run.AccountId, SyncStatus.Pending, At: started));
        try
        {
            return await SyncAsync(run, eligibility.Synced!, eligibility.Viewer, clock, ct);
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
        catch (Exception ex) when (SyncMessages.Describe(ex, gate, time) is { } message)
        {
            if (logger.IsEnabled(LogLevel.Warning))
                logger.LogWarning("Sync of character {CharacterId} failed: {Error}", characterId, FreeText.ForLog(ex.Message));
            run.Error = ex.Message;
            return await FinishAsync(run, SyncStatus.Error, message, clock, converged: false, ct);
        }
    }

    /// <summary>After a 401: drop the cached access token and refresh; a refused refresh marks the grant invalid (and tells the owner).</summary>
    private async Task<Phrase> RecheckGrantAsync(long characterId, CancellationToken ct)
    {
        tokens.Forget(characterId);
        try
        {
            await tokens.GetAccessTokenAsync(characterId, ct);
            return SyncMessages.TokenRefused;
        }
        catch (Exception ex) when (ex is EveGrantRevokedException or EveTokenMissingException)
        {
            return SyncMessages.GrantRefused;
        }
        catch (EveSsoUnavailableException)
        {
            return SyncMessages.TokenRefusedSsoDown;
        }
    }

    private async Task<SyncReport> DisableAsync(SyncRunState run, SyncEligibilityResult eligibility, Phrase problem, long clock, CancellationToken ct)
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
            await SyncRunRecorder.RecordAsync(db, run.ToRun(run.Mode == SyncMode.Unsync ? SyncStatus.Error : SyncStatus.Disabled, problem, now, time.GetElapsedTime(clock)), ct);
        }
        var status = run.Mode == SyncMode.Unsync ? SyncStatus.Error : SyncStatus.Disabled;
        if (run.Mode != SyncMode.Unsync)
            await events.PublishAsync(new SyncEvent(SyncEventKind.Changed, run.CharacterId, run.AccountId, status, At: now).Saying(problem));
        await events.PublishAsync(new SyncEvent(SyncEventKind.Finished, run.CharacterId, run.AccountId, status, At: now).Saying(problem));
        return Report(run, status, problem, clock);
    }

    // ---- The sync ----------------------------------------------------------------------------------------------

    private async Task<SyncReport> SyncAsync(SyncRunState run, SyncedCharacter synced, ListViewer? viewer, long clock, CancellationToken ct)
    {
        var policy = options.Value.PersonalContacts;
        var characterId = run.CharacterId;

        var picks = await CharacterListsAsync(run, synced, viewer, ct);
        var sets = run.Mode == SyncMode.Unsync ? null : await desiredSets.GetAllAsync(ct);
        var hash = sets is null ? null : Hash(picks, sets, characterId, policy);

        var token = await tokens.GetAccessTokenAsync(characterId, ct);
        var sameSet = run.Mode == SyncMode.Sync && hash is not null && hash == synced.LastDesiredHash;
        var labelsRead = esi.GetContactLabelsAsync(characterId, token, synced.LabelsETag, ct);
        var remembered = picks.Count > 0 && picks.TrueForAll(p => p.RememberedLabelId is not null);
        // Steady state (same lists, labels known, contacts' ETag held): both conditional reads go out together, so a quiet
        // cycle waits for one round trip instead of two. Otherwise the labels decide whether the contacts are read at all.
        Task<EsiConditionalResult<EsiContact>>? contactsRead = null;
        if (sameSet && remembered && synced.ContactsETag is not null)
        {
            contactsRead = esi.GetContactsAsync(characterId, token, synced.ContactsETag, ct);
            await Task.WhenAll(labelsRead, contactsRead);
            run.Calls += contactsRead.Result.Calls;
        }
        var labels = await labelsRead;
        run.Calls += labels.Calls;
        if (labels.NotModified && !remembered)
        {
            // A 304 with a label id not remembered cannot answer the question: read the body.
            labels = await esi.GetContactLabelsAsync(characterId, token, null, ct);
            run.Calls += labels.Calls;
        }
        var found = picks.ConvertAll(p => labels.NotModified ? p.RememberedLabelId : FindLabel(labels.Items, p.List.LabelName.Trim()));
        var receiving = Enumerable.Range(0, picks.Count).Where(i => picks[i].Receives).ToList();
        if (run.Mode != SyncMode.Unsync && receiving.Count > 0 && receiving.TrueForAll(i => found[i] is null))
        {
            run.Lists = Results(picks, found);
            var message = receiving.Count == 1
                ? SyncMessages.LabelNotFound(picks[receiving[0]].List.LabelName.Trim())
                : SyncMessages.LabelsNotFound([.. receiving.Select(i => picks[i].List.LabelName.Trim())], Phrase.AsWritten(""));
            return await FinishAsync(run, SyncStatus.Warning, new Phrase(() => message.Render().TrimEnd()), clock, converged: false, ct);
        }
        run.LabelsETag = labels.ETag;
        run.LabelId = FirstLabel(picks, found);
        run.Lists = Results(picks, found);

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
            // Same lists, same contacts: whatever the last converged run reported still holds.
            return await FinishAsync(run, synced.Status is SyncStatus.Warning ? SyncStatus.Warning : SyncStatus.Ok,
                synced.Status is SyncStatus.Warning && synced.StatusMessage is { } kept ? Phrase.Stored(kept, synced.StatusTexts) : SyncMessages.Unchanged,
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

        var inputs = picks.Select((p, i) => new ListInput(p.List.Id, p.List.Priority, found[i],
            sets?.GetValueOrDefault(p.List.Id)?.Entries ?? [], p.Receives && run.Mode != SyncMode.Unsync)).ToList();
        var merged = desiredSets.Merge(inputs, sets ?? new Dictionary<int, DesiredSet>());
        if (merged.OurLabels.Length == 0)
            merged = merged with { OurLabels = [-1] }; // nothing is ours by label: only the ledger's rows
        List<ManagedContact> ledger;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            ledger = await db.ManagedContacts.AsNoTracking().Where(m => m.CharacterId == characterId).ToListAsync(ct);

        var now = time.GetUtcNow();
        var plan = SyncPlanner.Plan(contacts.Items, merged, ledger, characterId, policy, now, SyncPlanner.CacheWindow,
            readMadeAt: contacts.Expires - SyncPlanner.ContactsCacheTime);
        var names = await NamesAsync(plan, merged, ct);
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
            var preview = SyncMessages.Preview(run.Added, run.Updated, run.Removed, plan.HasWrites);
            return await FinishAsync(run, SyncStatus.Ok, preview, clock, converged: false, ct);
        }

        await new SyncLedgerWriter(dbFactory, esi, events, time, run, names, token).ApplyAsync(plan, ct);

        var inLine = receiving.Where(i => found[i] is not null).Select(i => picks[i].List.LabelName.Trim()).ToList();
        var (status, text) = SyncMessages.Summary(run, inLine);
        var missing = receiving.Where(i => found[i] is null).Select(i => picks[i].List.LabelName.Trim()).ToList();
        if (missing.Count > 0 && run.Mode != SyncMode.Unsync)
            (status, text) = (SyncStatus.Warning, SyncMessages.LabelsNotFound(missing, text));
        return await FinishAsync(run, status, text, clock, converged: run.Refused == 0, ct);
    }

    /// <summary>
    /// The lists that concern this character: every active list whose audience reaches the owner (switched off ones too:
    /// their label still marks contacts as ours, to remove), with the label id remembered from the last read.
    /// Unsync: every list that is not deleted, none received.
    /// </summary>
    private async Task<List<ListPick>> CharacterListsAsync(SyncRunState run, SyncedCharacter synced, ListViewer? viewer, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var lists = await db.Lists.AsNoTracking().Where(l => l.DeletedAt == null).OrderBy(l => l.Id).ToListAsync(ct);
        var rows = await db.SyncedCharacterLists.AsNoTracking().Where(r => r.CharacterId == run.CharacterId).ToDictionaryAsync(r => r.ListId, ct);
        var picks = new List<ListPick>();
        foreach (var list in lists)
        {
            rows.TryGetValue(list.Id, out var row);
            // Before lists the character's one label id was kept on the character: it stands for the first list until read again.
            var labelId = row is null ? (list.Id == StandingsList.FirstListId ? synced.LabelId : null) : row.LabelId;
            if (run.Mode == SyncMode.Unsync)
                picks.Add(new ListPick(list, Receives: false, labelId));
            else if (viewer is not null && viewer.Receives(list))
                picks.Add(new ListPick(list, Receives: row?.Enabled ?? true, labelId));
        }
        return picks;
    }

    private static List<SyncListResult> Results(List<ListPick> picks, List<long?> found) =>
        picks.Select((p, i) => new SyncListResult(p.List.Id, found[i],
            !p.Receives ? SyncListStatus.Off : found[i] is null ? SyncListStatus.LabelMissing : SyncListStatus.Ok,
            !p.Receives ? null : found[i] is null ? SyncMessages.LabelNotFound(p.List.LabelName.Trim()) : null)).ToList();

    private static long? FirstLabel(List<ListPick> picks, List<long?> found)
    {
        for (var i = 0; i < picks.Count; i++)
        {
            if (found[i] is not null)
                return found[i];
        }
        return null;
    }

    /// <summary>
    /// What the character should hold, as one fingerprint: each list's id, priority, switch and entry hash (which covers
    /// its label name and the policy). Equal hashes and 304 reads mean there is nothing to do.
    /// </summary>
    private static string Hash(List<ListPick> picks, IReadOnlyDictionary<int, DesiredSet> sets, long characterId, PersonalContactPolicy policy)
    {
        var text = new System.Text.StringBuilder();
        foreach (var p in picks)
        {
            var set = sets.GetValueOrDefault(p.List.Id);
            var entries = set?.HashFor(characterId, p.List.LabelName.Trim(), policy) ?? SyncPlanner.DesiredHash([], characterId, p.List.LabelName.Trim(), policy);
            text.Append(CultureInfo.InvariantCulture, $"{p.List.Id}:{p.List.Priority}:{p.Receives}:{entries}|");
        }
        text.Append(policy);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString())))[..32];
    }

    private sealed record ListPick(StandingsList List, bool Receives, long? RememberedLabelId);

    private static long? FindLabel(IReadOnlyList<EsiContactLabel> labels, string labelName)
    {
        foreach (var label in labels)
        {
            if (string.Equals(label.LabelName.Trim(), labelName, StringComparison.OrdinalIgnoreCase))
                return label.LabelId;
        }
        return null;
    }

    /// <summary>Names for the changes: entries first, then EVE names the app already knows, then "#id".</summary>
    private async Task<Dictionary<long, string>> NamesAsync(SyncPlan plan, MergedLists merged, CancellationToken ct)
    {
        var names = new Dictionary<long, string>();
        var unknown = new List<long>();
        var byId = merged.Desired.Count == 0 ? null : merged.Desired.ToDictionary(d => d.Id, d => d.Contact.Name);
        foreach (var p in plan.Calls.SelectMany(c => c.Contacts))
        {
            if (byId is not null && byId.TryGetValue(p.Id, out var name))
                names[p.Id] = name;
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

    internal static SyncChange Change(PlannedContact p, Dictionary<long, string> names) =>
        new(p.Kind, p.Id, p.Type, NameOf(p.Id, names), p.From, p.Kind == SyncChangeKind.Remove ? null : p.Standing);

    internal static string NameOf(long id, Dictionary<long, string> names) =>
        names.TryGetValue(id, out var name) ? name : string.Create(CultureInfo.InvariantCulture, $"#{id}");

    // ---- Finishing ---------------------------------------------------------------------------------------------

    private async Task<SyncReport> FinishAsync(SyncRunState run, SyncStatus status, Phrase message, long clock, bool converged, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // The outcome is recorded even when the caller gives up now: a half-told run is worse than a late save.
        var save = ct.IsCancellationRequested ? CancellationToken.None : ct;
        await using (var db = await dbFactory.CreateDbContextAsync(save))
        {
            var synced = await db.SyncedCharacters.SingleOrDefaultAsync(s => s.CharacterId == run.CharacterId, save);
            if (synced is not null && run.Mode != SyncMode.DryRun)
            {
                var (previousStatus, previousMessage) = (synced.Status, synced.StatusMessage);
                synced.SetStatus(status, message);
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
                if (run.Mode == SyncMode.Sync)
                    await SyncProblemAlerts.NotifyIfNewAsync(db, synced, previousStatus, previousMessage, now, save);
            }
            if (synced is not null && run.Mode == SyncMode.Sync && run.Lists is not null)
                await SaveListsAsync(db, run, save);
            await SyncRunRecorder.RecordAsync(db, run.ToRun(status, message, now, time.GetElapsedTime(clock)), save);
        }
        var report = Report(run, status, message, clock);
        await events.PublishAsync(new SyncEvent(SyncEventKind.Finished, run.CharacterId, run.AccountId, status, null,
            run.Added, run.Updated, run.Removed, run.Calls, now).Saying(message));
        return report;
    }

    /// <summary>Each list's status and label id on the character; rows are written only when something moved.</summary>
    private static async Task SaveListsAsync(StandingsDbContext db, SyncRunState run, CancellationToken ct)
    {
        var rows = await db.SyncedCharacterLists.Where(r => r.CharacterId == run.CharacterId).ToDictionaryAsync(r => r.ListId, ct);
        foreach (var result in run.Lists!)
        {
            // In English: the page renders a list's message afresh in the reader's language from its status.
            var message = result.Message?.Capture(SyncRunRecorder.StatusLength).English;
            if (!rows.TryGetValue(result.ListId, out var row))
            {
                db.SyncedCharacterLists.Add(new SyncedCharacterList
                {
                    CharacterId = run.CharacterId, ListId = result.ListId, Status = result.Status, Message = message, LabelId = result.LabelId,
                });
                continue;
            }
            if (row.Status != result.Status)
                row.Status = result.Status;
            if (row.Message != message)
                row.Message = message;
            if (row.LabelId != result.LabelId)
                row.LabelId = result.LabelId;
        }
    }

    private SyncReport Report(SyncRunState run, SyncStatus status, Phrase message, long clock) =>
        run.ToReport(status, message, time.GetElapsedTime(clock));
}
