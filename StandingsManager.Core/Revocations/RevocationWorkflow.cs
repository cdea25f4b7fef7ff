using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Localization;
using StandingsManager.Core.Notifications;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Requests;
using StandingsManager.Core.Standings;

namespace StandingsManager.Core.Revocations;

/// <summary>Removal of standings entries: asked for by the owner, decided by an approver.</summary>
public sealed class RevocationWorkflow(IDbContextFactory<StandingsDbContext> dbFactory, ActorLoader actors, StandingsEvents events,
    IOptions<StandingsOptions> options, TimeProvider time)
{
    private static string RaceMessage => CoreText.Get("Revocations.Race");
    private static string BulkRaceMessage => CoreText.Get("Revocations.BulkRace");

    /// <summary>The owner asks for the removal of their character's standing on one list; an approver decides.</summary>
    public async Task<int> RequestRemovalOfCharacterAsync(int listId, int actorAccountId, long characterId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        actor.Require(Role.Member, () => CoreText.Get("Role.Needed.AskForRemovals"));

        var character = await db.Characters.AsNoTracking().SingleOrDefaultAsync(c => c.Id == characterId, ct);
        if (character is null || character.AccountId != actor.AccountId)
            throw WorkflowException.Forbidden(CoreText.Get("Revocations.OwnCharactersOnly"));
        var lists = await ListMention.LoadAsync(db, ct);
        var entry = await db.Standings.AsNoTracking().SingleOrDefaultAsync(e => e.ListId == listId && e.EntityId == characterId, ct)
            ?? throw WorkflowException.NotFound(lists.NameIfSeveral(listId) is { } listName
                ? CoreText.Format("Revocations.NoStandingOn", character.Name, listName)
                : CoreText.Format("Revocations.NoStanding", character.Name));
        // Entries of a list its source writes come and go with the source, not by request.
        await RequestLists.RequireWritableAsync(db, listId, ListUse.RemovalRequests, ct);
        if (await db.Revocations.AnyAsync(r => r.ListId == listId && r.EntityId == characterId && r.Status == RequestStatus.Pending, ct))
            throw WorkflowException.Conflict(lists.AlreadyPending(DecisionItem.Revocation, listId, character.Name));

        var now = time.GetUtcNow();
        var revocation = new Revocation
        {
            ListId = listId,
            EntityId = entry.EntityId,
            EntityType = entry.EntityType,
            EntityName = entry.EntityName,
            Source = RevocationSource.User,
            RequestedByAccountId = actor.AccountId,
            RequestedByName = actor.Name,
            CreatedAt = now,
            Status = RequestStatus.Pending,
        };
        db.Revocations.Add(revocation);
        db.Record(now, AuditAction.RevocationCreated, actor, entry.EntityId, entry.EntityType, entry.EntityName, entry.Standing, listId: listId);
        await db.AlertApproversAsync(options.Value.Administrators, actor.AccountId, now,
            NotificationText.Format("Removal.New.Title", entry.EntityName, lists.SuffixText(listId)), NotificationText.Format("Removal.New.Body", actor.Name), ct);
        await db.SaveStepAsync(lists.AlreadyPending(DecisionItem.Revocation, listId, character.Name), ct);
        await events.PublishAsync(new(StandingsChangeKind.Revocations, listId));
        return revocation.Id;
    }

    /// <summary>As above, on the one list written by requests where the character has a standing; refused when there are several.</summary>
    public async Task<int> RequestRemovalOfCharacterAsync(int actorAccountId, long characterId, CancellationToken ct = default)
    {
        List<int> listIds;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            listIds = await db.Standings.Where(e => e.EntityId == characterId && db.Lists.Any(l => l.Id == e.ListId && l.Source == ListSource.Requests))
                .Select(e => e.ListId).ToListAsync(ct);
        }
        if (listIds.Count > 1)
            throw WorkflowException.Invalid(CoreText.Get("Revocations.ChooseList"));
        return await RequestRemovalOfCharacterAsync(listIds.Count == 1 ? listIds[0] : StandingsList.FirstListId, actorAccountId, characterId, ct);
    }

    public async Task CancelAsync(int actorAccountId, int revocationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        var revocation = await db.Revocations.LoadPendingAsync(revocationId, DecisionItem.Revocation, ct);
        if (revocation.Source != RevocationSource.User || revocation.RequestedByAccountId != actor.AccountId)
            throw WorkflowException.Forbidden(CoreText.Get("Revocations.WithdrawOwnOnly"));

        var now = time.GetUtcNow();
        revocation.Decide(RequestStatus.Cancelled, actor, now, null);
        db.Record(now, AuditAction.RevocationCancelled, actor, revocation.EntityId, revocation.EntityType, revocation.EntityName, listId: revocation.ListId);
        await db.SaveStepAsync(RaceMessage, ct);
        await PublishDecisionAsync([revocation.ListId]);
    }

    /// <summary>Approves a revocation: the entry is removed in the same transaction.</summary>
    public async Task ApproveAsync(int actorAccountId, int revocationId, string? note, CancellationToken ct = default)
    {
        note = FreeText.Clean(note);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        actor.Require(Role.Approver, () => CoreText.Get("Role.Needed.ApproveRevocations"));
        var revocation = await db.Revocations.LoadPendingAsync(revocationId, DecisionItem.Revocation, ct);
        RequireNotOwn(actor, revocation, bulk: false);

        var entry = await db.Standings.SingleOrDefaultAsync(e => e.ListId == revocation.ListId && e.EntityId == revocation.EntityId, ct);
        Approve(db, actor, revocation, entry, note, await ListMention.LoadAsync(db, ct), time.GetUtcNow());
        await db.SaveStepAsync(RaceMessage, ct);
        await PublishDecisionAsync([revocation.ListId]);
    }

    /// <summary>
    /// Approves every selected revocation with one note, all or nothing: if any of them changed or was decided since the
    /// page showed it, or is the approver's own, nothing is decided. Each gets its own audit row and notification. Returns how many.
    /// </summary>
    public async Task<int> BulkApproveAsync(int actorAccountId, IReadOnlyCollection<DecisionRef> selected, string? note, CancellationToken ct = default)
    {
        note = FreeText.Clean(note);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        actor.Require(Role.Approver, () => CoreText.Get("Role.Needed.ApproveRevocations"));
        var revocations = await db.Revocations.LoadAllPendingAsync(selected, DecisionItem.Revocation, ct);
        foreach (var revocation in revocations)
            RequireNotOwn(actor, revocation, bulk: true);

        var entityIds = revocations.Select(r => r.EntityId).ToList();
        var listIds = revocations.Select(r => r.ListId).Distinct().ToList();
        var entries = await db.Standings.Where(e => entityIds.Contains(e.EntityId) && listIds.Contains(e.ListId))
            .ToDictionaryAsync(e => (e.ListId, e.EntityId), ct);
        var lists = await ListMention.LoadAsync(db, ct);
        var now = time.GetUtcNow();
        foreach (var revocation in revocations)
            Approve(db, actor, revocation, entries.GetValueOrDefault((revocation.ListId, revocation.EntityId)), note, lists, now);
        await db.SaveStepAsync(BulkRaceMessage, ct);
        await PublishDecisionAsync(listIds);
        return revocations.Count;
    }

    public async Task RejectAsync(int actorAccountId, int revocationId, string reason, CancellationToken ct = default)
    {
        var cleanReason = CleanReason(reason);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        actor.Require(Role.Approver, () => CoreText.Get("Role.Needed.RejectRevocations"));
        var revocation = await db.Revocations.LoadPendingAsync(revocationId, DecisionItem.Revocation, ct);

        Reject(db, actor, revocation, cleanReason, await ListMention.LoadAsync(db, ct), time.GetUtcNow());
        await db.SaveStepAsync(RaceMessage, ct);
        await PublishDecisionAsync([revocation.ListId]);
    }

    /// <summary>Keeps the entries of every selected revocation with one reason, all or nothing, with an audit row and notification each. Returns how many.</summary>
    public async Task<int> BulkRejectAsync(int actorAccountId, IReadOnlyCollection<DecisionRef> selected, string reason, CancellationToken ct = default)
    {
        var cleanReason = CleanReason(reason);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        actor.Require(Role.Approver, () => CoreText.Get("Role.Needed.RejectRevocations"));
        var revocations = await db.Revocations.LoadAllPendingAsync(selected, DecisionItem.Revocation, ct);

        var lists = await ListMention.LoadAsync(db, ct);
        var now = time.GetUtcNow();
        foreach (var revocation in revocations)
            Reject(db, actor, revocation, cleanReason, lists, now);
        await db.SaveStepAsync(BulkRaceMessage, ct);
        await PublishDecisionAsync([.. revocations.Select(r => r.ListId).Distinct()]);
        return revocations.Count;
    }

    private static string CleanReason(string reason) =>
        FreeText.Clean(reason) ?? throw WorkflowException.Invalid(CoreText.Get("Revocations.KeepReason"));

    /// <summary>Approving one's own removal request needs a second approver, unless the settings allow it.</summary>
    private void RequireNotOwn(Actor actor, Revocation revocation, bool bulk)
    {
        if (revocation.RequestedByAccountId == actor.AccountId && !options.Value.AllowSelfApproval)
            throw WorkflowException.Forbidden(bulk
                ? CoreText.Format("Revocations.OwnRemovalBulk", revocation.EntityName)
                : CoreText.Format("Revocations.OwnRemoval", revocation.EntityName));
    }

    /// <summary>One approval: the decision, the entry's removal (if it is still there), its audit row and the requester's notification.</summary>
    private static void Approve(StandingsDbContext db, Actor actor, Revocation revocation, StandingsEntry? entry, string? note, ListMention lists, DateTimeOffset now)
    {
        revocation.Decide(RequestStatus.Approved, actor, now, note);
        if (entry is not null)
            db.Standings.Remove(entry);
        db.Record(now, AuditAction.RevocationApproved, actor, revocation.EntityId, revocation.EntityType, revocation.EntityName,
            entry?.Standing, RecordText.Said(entry is null ? "Record.Revocation.EntryGone" : "Record.Revocation.EntryRemoved", Describe(revocation, note)), revocation.ListId);
        if (revocation.RequestedByAccountId is { } requester)
            db.Notify(requester, now, NotificationLevel.Info, NotificationText.Format("Standing.Removed.Title", revocation.EntityName, lists.OnText(revocation.ListId)), note ?? "");
    }

    private static void Reject(StandingsDbContext db, Actor actor, Revocation revocation, string reason, ListMention lists, DateTimeOffset now)
    {
        revocation.Decide(RequestStatus.Rejected, actor, now, reason);
        db.Record(now, AuditAction.RevocationRejected, actor, revocation.EntityId, revocation.EntityType, revocation.EntityName,
            details: RecordText.Said("Record.Revocation.EntryKept", Describe(revocation, reason)), listId: revocation.ListId);
        if (revocation.RequestedByAccountId is { } requester)
            db.Notify(requester, now, NotificationLevel.Warning, NotificationText.Format("Removal.Rejected.Title", revocation.EntityName, lists.OnText(revocation.ListId)), reason);
    }

    private async Task PublishDecisionAsync(IReadOnlyList<int> listIds)
    {
        foreach (var listId in listIds)
        {
            await events.PublishAsync(new(StandingsChangeKind.Revocations, listId));
            await events.PublishAsync(new(StandingsChangeKind.Entries, listId));
        }
    }

    private static Localization.Phrase Describe(Revocation revocation, string? note)
    {
        var who = revocation.Source == RevocationSource.User
            ? RecordText.Said("Record.Revocation.AskedBy", revocation.RequestedByName)
            : RecordText.Said("Record.Revocation.System", SystemRevocations.Reason(revocation.SystemReason));
        return note is null ? who : RecordText.Said("Record.Revocation.WithNote", who, note);
    }
}
