using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Lists;
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
    private const string RaceMessage = "Someone else decided this request a moment ago. Reload to see the current state.";
    private const string BulkRaceMessage = "Someone else decided one of the selected requests a moment ago. Reload and try again; nothing was decided.";

    /// <summary>Requests a standing for one of the actor's characters on a list they may request on.</summary>
    public async Task<int> RequestForCharacterAsync(int listId, int actorAccountId, long characterId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        actor.Require(Role.Member, "request standings");

        var character = await db.Characters.AsNoTracking().SingleOrDefaultAsync(c => c.Id == characterId, ct);
        if (character is null || character.AccountId != actor.AccountId)
            throw WorkflowException.Forbidden("You can only request standings for your own characters.");
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
        actor.Require(Role.Member, "request standings");
        return [.. (await RequestLists.RequestableAsync(db, actor, ct)).Select(l => new RequestListChoice(l.Id, l.Name, l.DefaultStanding))];
    }

    /// <summary>
    /// The lists approvers decide on (written by requests, not deleted), highest priority first, plus any other list
    /// that still has something pending: the queues offer them as a filter when there is more than one.
    /// </summary>
    public async Task<IReadOnlyList<RequestListChoice>> DecidableListsAsync(int actorAccountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        (await actors.LoadAsync(db, actorAccountId, ct)).Require(Role.Approver, "see the queues");
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
            0 => throw WorkflowException.Forbidden("No list takes requests from you at the moment."),
            1 => lists[0].Id,
            _ => throw WorkflowException.Invalid($"Choose the list to request on: {string.Join(", ", lists.Select(l => l.Name))}."),
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
            $"Coverage {coverage.Covered} of {Plural.Count(coverage.MemberCount, "member")}.", ct);
    }

    /// <summary>As above, on the one list the actor may request on; refused when there are several to choose from.</summary>
    public async Task<int> RequestForCorporationAsync(int actorAccountId, long corporationId, CancellationToken ct = default) =>
        await RequestForCorporationAsync(await OnlyRequestableListAsync(actorAccountId, ct), actorAccountId, corporationId, ct);

    private async Task<CorporationCoverage> CoverageAsync(StandingsDbContext db, Actor actor, long corporationId, CancellationToken ct)
    {
        if (CorporationCoverage.IsNpcCorporation(corporationId))
            throw WorkflowException.Invalid("NPC corporations cannot be requested: their members are not players you can vouch for.");
        actor.Require(Role.Member, "request standings");
        var facts = await corporations.GetCorporationAsync(corporationId, ct);
        return await CorporationCoverage.ComputeAsync(db, actor.AccountId, facts, states.RequiredScopes(actor.State), ct);
    }

    /// <summary>Files a pending request with its audit row, unless the entity has a standing or a pending request on the list already.</summary>
    private async Task<int> FileRequestAsync(StandingsDbContext db, Actor actor, int listId, long entityId, EntityType type, string name, string? details, CancellationToken ct)
    {
        var lists = await ListMention.LoadAsync(db, ct);
        if (await db.Standings.AnyAsync(e => e.ListId == listId && e.EntityId == entityId, ct))
            throw WorkflowException.Conflict($"{name} already has a standing{lists.On(listId)}.");
        if (await db.Requests.AnyAsync(r => r.ListId == listId && r.EntityId == entityId && r.Status == RequestStatus.Pending, ct))
            throw WorkflowException.Conflict($"A request for {name}{lists.On(listId)} is already pending.");

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
        db.Record(now, AuditAction.RequestCreated, actor, entityId, type, name, details: details, listId: listId);
        await db.AlertApproversAsync(options.Value.Administrators, actor.AccountId, now,
            NotificationText.Format("Request.New.Title", name, lists.SuffixText(listId)), NotificationText.Format("Request.New.Body", actor.Name), ct);
        await db.SaveStepAsync($"A request for {name}{lists.On(listId)} is already pending.", ct);
        await events.PublishAsync(new(StandingsChangeKind.Requests, listId));
        return request.Id;
    }

    public async Task CancelAsync(int actorAccountId, int requestId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        var request = await db.Requests.LoadPendingAsync(requestId, "request", ct);
        if (request.RequesterAccountId != actor.AccountId)
            throw WorkflowException.Forbidden("You can only cancel your own requests.");

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
        actor.Require(Role.Approver, "approve requests");
        var request = await db.Requests.LoadPendingAsync(requestId, "request", ct);
        RequireNotOwn(actor, request, "");
        var list = await RequestLists.RequireWritableAsync(db, request.ListId, "takes no approvals; reject this request instead", ct);
        var lists = await ListMention.LoadAsync(db, ct);
        if (await db.Standings.AnyAsync(e => e.ListId == request.ListId && e.EntityId == request.EntityId, ct))
            throw WorkflowException.Conflict($"{request.EntityName} already has a standing{lists.On(request.ListId)}; reject this request instead.");

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
        actor.Require(Role.Approver, "approve requests");
        var requests = await db.Requests.LoadAllPendingAsync(selected, "requests", ct);
        foreach (var request in requests)
            RequireNotOwn(actor, request, " Untick it and try again; nothing was decided.");
        var listIds = requests.Select(r => r.ListId).Distinct().ToList();
        foreach (var listId in listIds)
            await RequestLists.RequireWritableAsync(db, listId, "takes no approvals: untick its requests and reject them instead. Nothing was decided", ct);
        var entityIds = requests.Select(r => r.EntityId).ToList();
        var candidates = await db.Standings.Where(e => entityIds.Contains(e.EntityId) && listIds.Contains(e.ListId))
            .Select(e => new { e.ListId, e.EntityId, e.EntityName }).ToListAsync(ct);
        var listed = candidates.Where(e => requests.Any(r => r.ListId == e.ListId && r.EntityId == e.EntityId))
            .Select(e => e.EntityName).Order(StringComparer.Ordinal).ToList();
        if (listed.Count > 0)
            throw WorkflowException.Conflict($"{string.Join(", ", listed)} already {(listed.Count == 1 ? "has a standing" : "have standings")}: " +
                "untick and reject instead. Nothing was decided.");

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
        actor.Require(Role.Approver, "reject requests");
        var request = await db.Requests.LoadPendingAsync(requestId, "request", ct);

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
        actor.Require(Role.Approver, "reject requests");
        var requests = await db.Requests.LoadAllPendingAsync(selected, "requests", ct);

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
        FreeText.Clean(reason) ?? throw WorkflowException.Invalid("Give a reason for the rejection; the requester will see it.");

    /// <summary>Approving one's own request needs a second approver, unless the settings allow it.</summary>
    private void RequireNotOwn(Actor actor, StandingRequest request, string suffix)
    {
        if (request.RequesterAccountId == actor.AccountId && !options.Value.AllowSelfApproval)
            throw WorkflowException.Forbidden($"You asked for the standing of {request.EntityName} yourself: another approver has to approve it.{suffix}");
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
            note is null ? $"Requested by {request.RequesterName}" : $"Requested by {request.RequesterName}. Note: {note}", request.ListId);
        db.Notify(request.RequesterAccountId, now, NotificationLevel.Success,
            NotificationText.Format("Request.Approved.Title", request.EntityName, lists.OnText(request.ListId), new StandingValue(value)), note ?? "");
    }

    private static void Reject(StandingsDbContext db, Actor actor, StandingRequest request, string reason, ListMention lists, DateTimeOffset now)
    {
        request.Decide(RequestStatus.Rejected, actor, now, reason);
        db.Record(now, AuditAction.RequestRejected, actor, request.EntityId, request.EntityType, request.EntityName,
            details: $"Requested by {request.RequesterName}. Reason: {reason}", listId: request.ListId);
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
            throw WorkflowException.Forbidden($"{character.Name} must first grant {string.Join(", ", check.Missing)}: add it again on the Characters page.");
    }
}
