using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Localization;
using StandingsManager.Core.Notifications;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Standings;

namespace StandingsManager.Core.Requests;

/// <summary>Standing requests: create, cancel, approve, reject. Each call is one transaction with its audit row.</summary>
public sealed class RequestWorkflow(
    IDbContextFactory<StandingsDbContext> dbFactory,
    ActorLoader actors,
    AccessStates states,
    ICorporationDirectory corporations,
    StandingsEvents events,
    IOptions<StandingsOptions> options,
    TimeProvider time)
{
    private static string RaceMessage => CoreText.Get("Requests.Race");
    private static string BulkRaceMessage => CoreText.Get("Requests.BulkRace");

    /// <summary>Requests a standing for one of the actor's characters on a list they may request on.</summary>
    public async Task<int> RequestForCharacterAsync(int listId, int actorAccountId, long characterId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        actor.Require(Role.Member, () => CoreText.Get("Role.Needed.RequestStandings"));

        var character = await db.Characters.AsNoTracking().SingleOrDefaultAsync(c => c.Id == characterId, ct);
        if (character is null || character.AccountId != actor.AccountId)
            throw WorkflowException.Forbidden(CoreText.Get("Requests.OwnCharactersOnly"));
        var list = await RequestLists.RequireRequestableAsync(db, actor, listId, ct);
        await RequireStateScopesAsync(db, actor, character, ct);
        return await FileRequestAsync(db, actor, list.Id, character.Id, EntityType.Character, character.Name, null, ct);
    }

    /// <summary>As above, on the one list the actor may request on; refused when there are several to choose from.</summary>
    public async Task<int> RequestForCharacterAsync(int actorAccountId, long characterId, CancellationToken ct = default) =>
        await RequestForCharacterAsync(await OnlyRequestableListAsync(actorAccountId, ct), actorAccountId, characterId, ct);

    /// <summary>The lists the actor may request on now, highest priority first: the request page asks which only when there are several.</summary>
    public async Task<IReadOnlyList<RequestListChoice>> RequestableListsAsync(int actorAccountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        actor.Require(Role.Member, () => CoreText.Get("Role.Needed.RequestStandings"));
        return [.. (await RequestLists.RequestableAsync(db, actor, ct)).Select(l => new RequestListChoice(l.Id, l.Name, l.DefaultStanding))];
    }

    /// <summary>
    /// The lists approvers decide on (written by requests, not deleted), highest priority first, plus any other list
    /// that still has something pending: the queues offer them as a filter when there is more than one.
    /// </summary>
    public async Task<IReadOnlyList<RequestListChoice>> DecidableListsAsync(int actorAccountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        (await actors.LoadAsync(db, actorAccountId, ct)).Require(Role.Approver, () => CoreText.Get("Role.Needed.SeeQueues"));
        var lists = await db.Lists.AsNoTracking()
            .Where(l => (l.Source == ListSource.Requests && l.DeletedAt == null)
                || db.Requests.Any(r => r.ListId == l.Id && r.Status == RequestStatus.Pending)
                || db.Revocations.Any(r => r.ListId == l.Id && r.Status == RequestStatus.Pending))
            .ToListAsync(ct);
        return [.. lists.OrderByDescending(l => l.Priority).ThenBy(l => l.Name, StringComparer.OrdinalIgnoreCase)
            .Select(l => new RequestListChoice(l.Id, l.Name, l.DefaultStanding))];
    }

    private async Task<int> OnlyRequestableListAsync(int actorAccountId, CancellationToken ct)
    {
        var lists = await RequestableListsAsync(actorAccountId, ct);
        return lists.Count switch
        {
            0 => throw WorkflowException.Forbidden(CoreText.Get("Requests.NoList")),
            1 => lists[0].Id,
            _ => throw WorkflowException.Invalid(CoreText.Format("Requests.ChooseList", string.Join(", ", lists.Select(l => l.Name)))),
        };
    }

    /// <summary>What the requester covers of a corporation now, with its member count fetched fresh.</summary>
    public async Task<CorporationCoverage> CorporationCoverageAsync(int actorAccountId, long corporationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        return await CoverageAsync(db, actor, corporationId, ct);
    }

    /// <summary>
    /// Requests a standing for a corporation. Allowed only when the requester holds valid grants, with the
    /// required scopes, for every member; the member count comes fresh from EVE at this moment.
    /// </summary>
    public async Task<int> RequestForCorporationAsync(int listId, int actorAccountId, long corporationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        var coverage = await CoverageAsync(db, actor, corporationId, ct);
        var list = await RequestLists.RequireRequestableAsync(db, actor, listId, ct);
        if (!coverage.IsComplete)
            throw WorkflowException.Forbidden(coverage.Describe());
        return await FileRequestAsync(db, actor, list.Id, coverage.Corporation.Id, EntityType.Corporation, coverage.Corporation.Name,
            new Localization.Phrase(() => RecordText.Plural("Record.Request.Coverage", coverage.MemberCount, coverage.Covered)), ct);
    }

    /// <summary>As above, on the one list the actor may request on; refused when there are several to choose from.</summary>
    public async Task<int> RequestForCorporationAsync(int actorAccountId, long corporationId, CancellationToken ct = default) =>
        await RequestForCorporationAsync(await OnlyRequestableListAsync(actorAccountId, ct), actorAccountId, corporationId, ct);

    private async Task<CorporationCoverage> CoverageAsync(StandingsDbContext db, Actor actor, long corporationId, CancellationToken ct)
    {
        if (CorporationCoverage.IsNpcCorporation(corporationId))
            throw WorkflowException.Invalid(CoreText.Get("Requests.NpcCorporation"));
        actor.Require(Role.Member, () => CoreText.Get("Role.Needed.RequestStandings"));
        var facts = await corporations.GetCorporationAsync(corporationId, ct);
        return await CorporationCoverage.ComputeAsync(db, actor.AccountId, facts, states.RequiredScopes(actor.State), ct);
    }

    /// <summary>Files a pending request with its audit row, unless the entity has a standing or a pending request on the list already.</summary>
    private async Task<int> FileRequestAsync(StandingsDbContext db, Actor actor, int listId, long entityId, EntityType type, string name, Localization.Phrase? details, CancellationToken ct)
    {
        var lists = await ListMention.LoadAsync(db, ct);
        if (await db.Standings.AnyAsync(e => e.ListId == listId && e.EntityId == entityId, ct))
            throw WorkflowException.Conflict(lists.NameIfSeveral(listId) is { } listName
                ? CoreText.Format("Requests.AlreadyListedOn", name, listName)
                : CoreText.Format("Requests.AlreadyListed", name));
        if (await db.Requests.AnyAsync(r => r.ListId == listId && r.EntityId == entityId && r.Status == RequestStatus.Pending, ct))
            throw WorkflowException.Conflict(lists.AlreadyPending(DecisionItem.Request, listId, name));

        var now = time.GetUtcNow();
        var request = new StandingRequest
        {
            ListId = listId,
            EntityId = entityId,
            EntityType = type,
            EntityName = name,
            RequesterAccountId = actor.AccountId,
            RequesterName = actor.Name,
            CreatedAt = now,
            Status = RequestStatus.Pending,
        };
        db.Requests.Add(request);
        if (details is null)
            db.Record(now, AuditAction.RequestCreated, actor, entityId, type, name, listId: listId);
        else
            db.Record(now, AuditAction.RequestCreated, actor, entityId, type, name, null, details, listId);
        await db.AlertApproversAsync(options.Value.Administrators, actor.AccountId, now,
            NotificationText.Format("Request.New.Title", name, lists.SuffixText(listId)), NotificationText.Format("Request.New.Body", actor.Name), ct);
        await db.SaveStepAsync(lists.AlreadyPending(DecisionItem.Request, listId, name), ct);
        await events.PublishAsync(new(StandingsChangeKind.Requests, listId));
        return request.Id;
    }

    public async Task CancelAsync(int actorAccountId, int requestId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        var request = await db.Requests.LoadPendingAsync(requestId, DecisionItem.Request, ct);
        if (request.RequesterAccountId != actor.AccountId)
            throw WorkflowException.Forbidden(CoreText.Get("Requests.CancelOwnOnly"));

        var now = time.GetUtcNow();
        request.Decide(RequestStatus.Cancelled, actor, now, null);
        db.Record(now, AuditAction.RequestCancelled, actor, request.EntityId, request.EntityType, request.EntityName, listId: request.ListId);
        await db.SaveStepAsync(RaceMessage, ct);
        await events.PublishAsync(new(StandingsChangeKind.Requests, request.ListId));
    }

    /// <summary>Approves a request and creates its standings entry on the request's list. <paramref name="standing"/> defaults to the list's default.</summary>
    public async Task ApproveAsync(int actorAccountId, int requestId, double? standing, string? note, CancellationToken ct = default)
    {
        if (standing is { } given)
            StandingScale.Require(given);
        note = FreeText.Clean(note);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        actor.Require(Role.Approver, () => CoreText.Get("Role.Needed.ApproveRequests"));
        var request = await db.Requests.LoadPendingAsync(requestId, DecisionItem.Request, ct);
        RequireNotOwn(actor, request, bulk: false);
        var list = await RequestLists.RequireWritableAsync(db, request.ListId, ListUse.Approval, ct);
        var lists = await ListMention.LoadAsync(db, ct);
        if (await db.Standings.AnyAsync(e => e.ListId == request.ListId && e.EntityId == request.EntityId, ct))
            throw WorkflowException.Conflict(lists.NameIfSeveral(request.ListId) is { } listName
                ? CoreText.Format("Requests.Approve.AlreadyListedOn", request.EntityName, listName)
                : CoreText.Format("Requests.Approve.AlreadyListed", request.EntityName));

        Approve(db, actor, request, standing ?? list.DefaultStanding, note, lists, time.GetUtcNow());
        await db.SaveStepAsync(RaceMessage, ct);
        await PublishApprovalAsync([request.ListId]);
    }

    /// <summary>
    /// Approves every selected request at one value with one note, all or nothing: if any of them changed or was decided
    /// since the page showed it, is the approver's own, or its entity already has a standing, nothing is decided.
    /// Each request gets its own audit row and notification, as if approved alone. Returns how many were approved.
    /// </summary>
    public async Task<int> BulkApproveAsync(int actorAccountId, IReadOnlyCollection<DecisionRef> selected, double standing, string? note, CancellationToken ct = default)
    {
        StandingScale.Require(standing);
        note = FreeText.Clean(note);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        actor.Require(Role.Approver, () => CoreText.Get("Role.Needed.ApproveRequests"));
        var requests = await db.Requests.LoadAllPendingAsync(selected, DecisionItem.Request, ct);
        foreach (var request in requests)
            RequireNotOwn(actor, request, bulk: true);
        var listIds = requests.Select(r => r.ListId).Distinct().ToList();
        foreach (var listId in listIds)
            await RequestLists.RequireWritableAsync(db, listId, ListUse.BulkApproval, ct);
        var entityIds = requests.Select(r => r.EntityId).ToList();
        var candidates = await db.Standings.Where(e => entityIds.Contains(e.EntityId) && listIds.Contains(e.ListId))
            .Select(e => new { e.ListId, e.EntityId, e.EntityName }).ToListAsync(ct);
        var listed = candidates.Where(e => requests.Any(r => r.ListId == e.ListId && r.EntityId == e.EntityId))
            .Select(e => e.EntityName).Order(StringComparer.Ordinal).ToList();
        if (listed.Count > 0)
            throw WorkflowException.Conflict(listed.Count == 1
                ? CoreText.Format("Requests.Bulk.ListedSingle", listed[0])
                : CoreText.Format("Requests.Bulk.ListedSeveral", string.Join(", ", listed)));

        var lists = await ListMention.LoadAsync(db, ct);
        var now = time.GetUtcNow();
        foreach (var request in requests)
            Approve(db, actor, request, standing, note, lists, now);
        await db.SaveStepAsync(BulkRaceMessage, ct);
        await PublishApprovalAsync(listIds);
        return requests.Count;
    }

    public async Task RejectAsync(int actorAccountId, int requestId, string reason, CancellationToken ct = default)
    {
        var cleanReason = CleanReason(reason);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        actor.Require(Role.Approver, () => CoreText.Get("Role.Needed.RejectRequests"));
        var request = await db.Requests.LoadPendingAsync(requestId, DecisionItem.Request, ct);

        Reject(db, actor, request, cleanReason, await ListMention.LoadAsync(db, ct), time.GetUtcNow());
        await db.SaveStepAsync(RaceMessage, ct);
        await events.PublishAsync(new(StandingsChangeKind.Requests, request.ListId));
    }

    /// <summary>Rejects every selected request with one reason, all or nothing, with an audit row and notification each. Returns how many.</summary>
    public async Task<int> BulkRejectAsync(int actorAccountId, IReadOnlyCollection<DecisionRef> selected, string reason, CancellationToken ct = default)
    {
        var cleanReason = CleanReason(reason);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        actor.Require(Role.Approver, () => CoreText.Get("Role.Needed.RejectRequests"));
        var requests = await db.Requests.LoadAllPendingAsync(selected, DecisionItem.Request, ct);

        var lists = await ListMention.LoadAsync(db, ct);
        var now = time.GetUtcNow();
        foreach (var request in requests)
            Reject(db, actor, request, cleanReason, lists, now);
        await db.SaveStepAsync(BulkRaceMessage, ct);
        foreach (var listId in requests.Select(r => r.ListId).Distinct())
            await events.PublishAsync(new(StandingsChangeKind.Requests, listId));
        return requests.Count;
    }

    private static string CleanReason(string reason) =>
        FreeText.Clean(reason) ?? throw WorkflowException.Invalid(CoreText.Get("Requests.RejectReason"));

    /// <summary>Approving one's own request needs a second approver, unless the settings allow it.</summary>
    private void RequireNotOwn(Actor actor, StandingRequest request, bool bulk)
    {
        if (request.RequesterAccountId == actor.AccountId && !options.Value.AllowSelfApproval)
            throw WorkflowException.Forbidden(bulk
                ? CoreText.Format("Requests.OwnRequestBulk", request.EntityName)
                : CoreText.Format("Requests.OwnRequest", request.EntityName));
    }

    /// <summary>One approval: the decision, the entry, its audit row and the requester's notification.</summary>
    private static void Approve(StandingsDbContext db, Actor actor, StandingRequest request, double value, string? note, ListMention lists, DateTimeOffset now)
    {
        request.Decide(RequestStatus.Approved, actor, now, note);
        request.Standing = value;
        db.Standings.Add(new StandingsEntry
        {
            ListId = request.ListId,
            EntityId = request.EntityId,
            EntityType = request.EntityType,
            EntityName = request.EntityName,
            Standing = value,
            Notes = note,
            AddedByAccountId = actor.AccountId,
            AddedByName = actor.Name,
            AddedAt = now,
            RequestId = request.Id,
        });
        db.Record(now, AuditAction.RequestApproved, actor, request.EntityId, request.EntityType, request.EntityName, value,
            note is null ? RecordText.Said("Record.Request.By", request.RequesterName) : RecordText.Said("Record.Request.ByWithNote", request.RequesterName, note), request.ListId);
        db.Notify(request.RequesterAccountId, now, NotificationLevel.Success,
            NotificationText.Format("Request.Approved.Title", request.EntityName, lists.OnText(request.ListId), new StandingValue(value)), note ?? "");
    }

    private static void Reject(StandingsDbContext db, Actor actor, StandingRequest request, string reason, ListMention lists, DateTimeOffset now)
    {
        request.Decide(RequestStatus.Rejected, actor, now, reason);
        db.Record(now, AuditAction.RequestRejected, actor, request.EntityId, request.EntityType, request.EntityName,
            details: RecordText.Said("Record.Request.ByWithReason", request.RequesterName, reason), listId: request.ListId);
        db.Notify(request.RequesterAccountId, now, NotificationLevel.Warning,
            NotificationText.Format("Request.Rejected.Title", request.EntityName, lists.OnText(request.ListId)), reason);
    }

    private async Task PublishApprovalAsync(IEnumerable<int> listIds)
    {
        foreach (var listId in listIds)
        {
            await events.PublishAsync(new(StandingsChangeKind.Requests, listId));
            await events.PublishAsync(new(StandingsChangeKind.Entries, listId));
        }
    }

    /// <summary>A state with scope requirements needs them granted by the character before it may be requested.</summary>
    private async Task RequireStateScopesAsync(StandingsDbContext db, Actor actor, EveCharacter character, CancellationToken ct)
    {
        var required = states.StateScopes(actor.State);
        if (required.Count == 0)
            return;
        var grant = await db.Tokens.AsNoTracking().SingleOrDefaultAsync(t => t.CharacterId == character.Id, ct);
        var check = GrantCheck.Of(grant, required);
        if (!check.Ok)
            throw WorkflowException.Forbidden(CoreText.Format("Requests.StateScopes", character.Name, string.Join(", ", check.Missing)));
    }
}
