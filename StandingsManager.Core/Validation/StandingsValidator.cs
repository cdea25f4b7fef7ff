using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Localization;
using StandingsManager.Core.Notifications;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Requests;
using StandingsManager.Core.Revocations;
using StandingsManager.Core.Standings;
using StandingsManager.Core.Sync;

namespace StandingsManager.Core.Validation;

/// <summary>What one validation round did.</summary>
public sealed record ValidationReport(
    int EsiCalls,
    string? AffiliationProblem,
    int SyncsStopped,
    int RevocationsFiled,
    int RevocationsWithdrawn,
    int RevocationsApplied,
    int ExpiryWarnings);

/// <summary>
/// Keeps each list written by requests honest between requests: refreshes affiliations, stops the sync of characters whose owner lost access,
/// and files a system revocation for every entry whose basis is gone. In <see cref="AutoRevocationMode.Automatic"/> mode
/// it also applies them after the grace period, or withdraws them when the basis came back first. No timers here: the
/// loop in the app calls <see cref="RunAsync"/>, tests call it with a fake clock.
/// </summary>
public sealed class StandingsValidator(
    IDbContextFactory<StandingsDbContext> dbFactory,
    EveDirectory directory,
    ICorporationDirectory corporations,
    ActorLoader actors,
    AccessStates states,
    StandingsEvents events,
    SyncEvents syncEvents,
    IOptions<StandingsOptions> options,
    TimeProvider time,
    ILogger<StandingsValidator> logger)
{
    /// <summary>How long before <c>ExpiresAt</c> the owner is told.</summary>
    public static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(7);

    private const string System = "System";

    public async Task<ValidationReport> RunAsync(CancellationToken ct)
    {
        var (calls, affiliationProblem) = await RefreshAffiliationsAsync(ct);
        var review = await ReviewEntriesAsync(ct);
        // After the entries: a standing removed just now may be what gave its owner access.
        var stopped = await StopIneligibleSyncsAsync(ct);
        foreach (var listId in review.RevocationLists.Order())
            await events.PublishAsync(new(StandingsChangeKind.Revocations, listId));
        foreach (var listId in review.EntryLists.Order())
            await events.PublishAsync(new(StandingsChangeKind.Entries, listId));
        return new ValidationReport(calls, affiliationProblem, stopped, review.Filed, review.Withdrawn, review.Applied, review.Warned);
    }

    private async Task<(int Calls, string? Problem)> RefreshAffiliationsAsync(CancellationToken ct)
    {
        try
        {
            // Batches of ESI's limit (1,000 ids a call) inside.
            return (await directory.RefreshCharactersAsync(null, ct), null);
        }
        catch (EsiException ex)
        {
            // Judge on the affiliations we have: an ESI outage must not stop revocations that are due anyway (expiry).
            logger.LogWarning("Affiliation refresh failed; validating on the stored affiliations: {Reason}", FreeText.ForLog(ex.Message));
            return (0, ex.Message);
        }
    }

    /// <summary>Synced characters of accounts that lost access stop syncing now, not at their next run.</summary>
    private async Task<int> StopIneligibleSyncsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var synced = await db.SyncedCharacters.Where(s => s.Enabled).ToListAsync(ct);
        var names = await db.Characters.AsNoTracking().Where(c => db.SyncedCharacters.Any(s => s.Enabled && s.CharacterId == c.Id))
            .ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var now = time.GetUtcNow();
        var stopped = new List<SyncedCharacter>();
        foreach (var account in synced.GroupBy(s => s.AccountId))
        {
            var problem = await AccessProblemAsync(db, account.Key, ct);
            if (problem is null)
                continue;
            foreach (var character in account)
            {
                SyncStops.Stop(db, character, names.GetValueOrDefault(character.CharacterId) ?? $"#{character.CharacterId}", problem, now);
                stopped.Add(character);
            }
        }
        await db.SaveChangesAsync(ct);
        foreach (var character in stopped)
            await syncEvents.PublishAsync(new SyncEvent(SyncEventKind.Changed, character.CharacterId, character.AccountId, SyncStatus.Disabled, character.StatusMessage, At: now, MessageTexts: character.StatusTexts));
        return stopped.Count;
    }

    private async Task<Phrase?> AccessProblemAsync(StandingsDbContext db, int accountId, CancellationToken ct)
    {
        try
        {
            var actor = await actors.LoadAsync(db, accountId, ct);
            return actor.Has(Role.Member) ? null : SyncStops.StateLostAccess(actor.State);
        }
        catch (WorkflowException)
        {
            return SyncStops.AccountDeactivated;
        }
    }

    private sealed record Basis(SystemRevocationReason? Gone, Phrase Why);

    /// <summary>Where an entry's owner stands: <paramref name="Lost"/> when they no longer have access, else their state.</summary>
    private sealed record OwnerStanding(Basis? Lost, AccessState State);

    private async Task<OwnerStanding> OwnerStandingAsync(StandingsDbContext db, int accountId, IReadOnlyCollection<int> ownersEntries, CancellationToken ct)
    {
        var account = await db.Accounts.AsNoTracking().Include(a => a.Characters).Include(a => a.Roles).AsSplitQuery()
            .SingleOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is not { IsActive: true })
            return new(new(SystemRevocationReason.LostEligibility, new Phrase(() => ValidatorText.Get("Basis.AccountGone"))), AccessState.Guest);
        var main = account.Characters.FirstOrDefault(c => c.Id == account.MainCharacterId) ?? account.Characters.FirstOrDefault();
        // The requester's own standings do not count towards their basis: they were granted because of it.
        var state = await states.ResolveAsync(db, main, ownersEntries, ct);
        var settingsAdministrator = await SettingsAdministrators.HonouredAsync(db, account.Characters, options.Value.Administrators, ct);
        var roles = ActorLoader.EffectiveRoles(account.Roles.Select(r => r.Role), account.Characters.Select(c => c.Id), settingsAdministrator, states.HasBasicAccess(state));
        return roles.Contains(Role.Member)
            ? new(null, state)
            : new(new(SystemRevocationReason.LostEligibility, new Phrase(() => ValidatorText.Format("Basis.LostAccess", main?.Name ?? ValidatorText.Format("Basis.Account", accountId), RequestWords.State(state)))), state);
    }

    /// <summary>What the review of the entries did, and on which lists revocations and entries changed.</summary>
    private sealed record Review(int Filed, int Withdrawn, int Applied, int Warned, IReadOnlySet<int> RevocationLists, IReadOnlySet<int> EntryLists);

    /// <summary>
    /// Each entry of each list written by requests, judged by itself: an entity on two lists gets a revocation on each.
    /// Entries of source-written lists (in-game contacts, war targets) are their source's business and are not judged.
    /// </summary>
    private async Task<Review> ReviewEntriesAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        var settings = options.Value;
        var automatic = settings.AutoRevocation.Mode == AutoRevocationMode.Automatic;
        var grace = TimeSpan.FromHours(settings.AutoRevocation.GraceHours);

        var lists = await ListMention.LoadAsync(db, ct);
        var entries = await (
            from e in db.Standings
            where db.Lists.Any(l => l.Id == e.ListId && l.Source == ListSource.Requests)
            join r in db.Requests on e.RequestId equals r.Id into requests
            from request in requests.DefaultIfEmpty()
            select new { Entry = e, Owner = request == null ? (int?)null : request.RequesterAccountId }).ToListAsync(ct);
        var pending = await db.Revocations.Where(r => r.Status == RequestStatus.Pending).ToListAsync(ct);
        var pendingByEntity = pending.ToDictionary(r => (r.ListId, r.EntityId));
        var ownedEntries = entries.Where(e => e.Owner is not null).GroupBy(e => e.Owner!.Value)
            .ToDictionary(g => g.Key, g => (IReadOnlyCollection<int>)[.. g.Select(e => e.Entry.Id)]);

        var owners = new Dictionary<int, OwnerStanding>();
        int filed = 0, withdrawn = 0, applied = 0, warned = 0;
        var revocationLists = new HashSet<int>();
        var entryLists = new HashSet<int>();
        foreach (var (entry, owner) in entries.Select(e => (e.Entry, e.Owner)))
        {
            var basis = await BasisAsync(db, entry, owner, owner is { } o ? ownedEntries[o] : [], owners, grace, now, ct);
            pendingByEntity.TryGetValue((entry.ListId, entry.EntityId), out var revocation);

            if (basis.Gone is { } reason && revocation is null)
            {
                var applyAfter = automatic ? now + grace : (DateTimeOffset?)null;
                await SystemRevocations.FileAsync(db, entry, reason, basis.Why, applyAfter, settings.Administrators, now, ct);
                if (owner is { } accountId)
                    db.Notify(accountId, now, NotificationLevel.Warning, NotificationText.Format("Standing.MayBeRemoved.Title", entry.EntityName, lists.OnText(entry.ListId)),
                        applyAfter is { } at
                            ? NotificationText.Format("Standing.MayBeRemoved.Body.Automatic", basis.Why.Capture(FreeText.MaxLength), at)
                            : NotificationText.Format("Standing.MayBeRemoved.Body.Manual", basis.Why.Capture(FreeText.MaxLength)));
                filed++;
                revocationLists.Add(entry.ListId);
            }
            else if (revocation is { Source: RevocationSource.System } && automatic)
            {
                if (basis.Gone is null && revocation.SystemReason != SystemRevocationReason.CharacterTransferred)
                {
                    Withdraw(db, revocation, owner, lists, now);
                    withdrawn++;
                    revocationLists.Add(entry.ListId);
                }
                else if ((revocation.ApplyAfter ?? revocation.CreatedAt + grace) <= now)
                {
                    Apply(db, revocation, entry, owner, lists, now);
                    applied++;
                    revocationLists.Add(entry.ListId);
                    entryLists.Add(entry.ListId);
                }
            }

            if (basis.Gone is null && owner is { } warnedOwner && entry.ExpiresAt is { } expires && expires - ExpiryWarning <= now
                && (entry.ExpiryWarnedAt is null || entry.ExpiryWarnedAt < expires - ExpiryWarning))
            {
                entry.ExpiryWarnedAt = now;
                db.Notify(warnedOwner, now, NotificationLevel.Warning, NotificationText.Format("Standing.ExpiresSoon.Title", entry.EntityName, lists.OnText(entry.ListId)),
                    NotificationText.Format("Standing.ExpiresSoon.Body", expires));
                warned++;
            }
        }
        await db.SaveChangesAsync(ct);
        return new Review(filed, withdrawn, applied, warned, revocationLists, entryLists);
    }

    /// <summary>Why the entry should no longer stand, or null reason when it still should.</summary>
    private async Task<Basis> BasisAsync(StandingsDbContext db, StandingsEntry entry, int? owner, IReadOnlyCollection<int> ownersEntries,
        Dictionary<int, OwnerStanding> owners, TimeSpan grace, DateTimeOffset now, CancellationToken ct)
    {
        if (entry.ExpiresAt is { } expires && expires <= now)
            return new(SystemRevocationReason.Expired, new Phrase(() => ValidatorText.Format("Basis.Expired", expires)));
        if (owner is not { } accountId)
            return new(null, new Phrase(() => ValidatorText.Get("Basis.NoRequester")));

        // An owner with many entries is judged once a round, not once per entry.
        if (!owners.TryGetValue(accountId, out var standing))
            owners[accountId] = standing = await OwnerStandingAsync(db, accountId, ownersEntries, ct);
        if (standing.Lost is { } lost)
            return lost;
        var state = standing.State;

        if (entry.EntityType == EntityType.Character)
        {
            var grant = await db.Tokens.AsNoTracking().SingleOrDefaultAsync(t => t.CharacterId == entry.EntityId, ct);
            if (grant is { Status: TokenStatus.Invalid } && grant.UpdatedAt <= now - grace)
                return new(SystemRevocationReason.TokenLost, new Phrase(() => ValidatorText.Format("Basis.GrantLost", entry.EntityName, grant.UpdatedAt)));
        }
        else if (entry.EntityType == EntityType.Corporation)
        {
            CorporationFacts facts;
            try
            {
                facts = await corporations.GetCorporationAsync(entry.EntityId, ct);
            }
            catch (WorkflowException)
            {
                return new(null, new Phrase(() => ValidatorText.Get("Basis.MembersUnknown")));
            }
            var coverage = await CorporationCoverage.ComputeAsync(db, accountId, facts, states.RequiredScopes(state), ct);
            if (!coverage.IsComplete)
                return new(SystemRevocationReason.CorporationCoverageLost, new Phrase(() => ValidatorText.Plural("Basis.CoverageLost", coverage.MemberCount, coverage.Covered, facts.Name)));
        }
        return new(null, new Phrase(() => ValidatorText.Get("Basis.Holds")));
    }

    private static void Withdraw(StandingsDbContext db, Revocation revocation, int? owner, ListMention lists, DateTimeOffset now)
    {
        const string note = "The basis came back before the grace period ended.";
        revocation.Status = RequestStatus.Cancelled;
        revocation.DecidedByName = System;
        revocation.DecidedAt = now;
        revocation.DecisionNote = note;
        db.Record(now, AuditAction.RevocationCancelled, null, revocation.EntityId, revocation.EntityType, revocation.EntityName,
            details: RecordText.Said("Record.SystemRevocation.Withdrawn", SystemRevocations.Reason(revocation.SystemReason)), listId: revocation.ListId);
        if (owner is { } accountId)
            db.Notify(accountId, now, NotificationLevel.Info, NotificationText.Format("Standing.Stays.Title", revocation.EntityName, lists.OnText(revocation.ListId)),
                NotificationText.Get("Standing.Stays.Body"));
    }

    private static void Apply(StandingsDbContext db, Revocation revocation, StandingsEntry entry, int? owner, ListMention lists, DateTimeOffset now)
    {
        revocation.Status = RequestStatus.Approved;
        revocation.DecidedByName = System;
        revocation.DecidedAt = now;
        revocation.DecisionNote = "Applied after the grace period.";
        db.Standings.Remove(entry);
        db.Record(now, AuditAction.RevocationApproved, null, revocation.EntityId, revocation.EntityType, revocation.EntityName, entry.Standing,
            RecordText.Said("Record.SystemRevocation.Applied", SystemRevocations.Reason(revocation.SystemReason)), revocation.ListId);
        if (owner is { } accountId)
            db.Notify(accountId, now, NotificationLevel.Warning, NotificationText.Format("Standing.Removed.Title", revocation.EntityName, lists.OnText(revocation.ListId)),
                NotificationText.Format("Standing.Removed.Body.System", SystemRevocations.ReasonText(revocation.SystemReason)));
    }
}
