using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Notifications;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Requests;
using StandingsManager.Core.Standings;

namespace StandingsManager.Core.Revocations;

/// <summary>Removal of standings entries: asked for by the owner, decided by an approver.</summary>
public sealed class RevocationWorkflow(IDbContextFactory<StandingsDbContext> dbFactory, ActorLoader actors, StandingsEvents events,
    IOptions<StandingsOptions> options, TimeProvider time)
{
    private const string RaceMessage = "Someone else decided this revocation a moment ago. Reload to see the current state.";

    public async Task<int> RequestRemovalOfCharacterAsync(int actorAccountId, long characterId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        actor.Require(Role.Member, "ask for removals");

        var character = await db.Characters.AsNoTracking().SingleOrDefaultAsync(c => c.Id == characterId, ct);
        if (character is null || character.AccountId != actor.AccountId)
            throw WorkflowException.Forbidden("You can only ask to remove the standings of your own characters.");
        var entry = await db.Standings.AsNoTracking().SingleOrDefaultAsync(e => e.EntityId == characterId, ct)
            ?? throw WorkflowException.NotFound($"{character.Name} has no standing to remove.");
        if (await db.Revocations.AnyAsync(r => r.EntityId == characterId && r.Status == RequestStatus.Pending, ct))
            throw WorkflowException.Conflict($"Removal of {character.Name} is already pending.");

        var now = time.GetUtcNow();
        var revocation = new Revocation
        {
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
        db.Record(now, AuditAction.RevocationCreated, actor, entry.EntityId, entry.EntityType, entry.EntityName, entry.Standing);
        await db.AlertApproversAsync(options.Value.Administrators, actor.AccountId, now, $"Removal asked for: {entry.EntityName}", $"Asked for by {actor.Name}.", ct);
        await db.SaveStepAsync($"Removal of {character.Name} is already pending.", ct);
        await events.PublishAsync(new(StandingsChangeKind.Revocations));
        return revocation.Id;
    }

    public async Task CancelAsync(int actorAccountId, int revocationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        var revocation = await db.Revocations.LoadPendingAsync(revocationId, "revocation", ct);
        if (revocation.Source != RevocationSource.User || revocation.RequestedByAccountId != actor.AccountId)
            throw WorkflowException.Forbidden("You can only withdraw your own removal requests.");

        var now = time.GetUtcNow();
        revocation.Decide(RequestStatus.Cancelled, actor, now, null);
        db.Record(now, AuditAction.RevocationCancelled, actor, revocation.EntityId, revocation.EntityType, revocation.EntityName);
        await db.SaveStepAsync(RaceMessage, ct);
        await PublishDecisionAsync();
    }

    /// <summary>Approves a revocation: the entry is removed in the same transaction.</summary>
    public async Task ApproveAsync(int actorAccountId, int revocationId, string? note, CancellationToken ct = default)
    {
        note = FreeText.Clean(note);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        actor.Require(Role.Approver, "approve revocations");
        var revocation = await db.Revocations.LoadPendingAsync(revocationId, "revocation", ct);
        if (revocation.RequestedByAccountId == actor.AccountId && !options.Value.AllowSelfApproval)
            throw WorkflowException.Forbidden($"You asked for the removal of {revocation.EntityName} yourself: another approver has to approve it.");

        var now = time.GetUtcNow();
        revocation.Decide(RequestStatus.Approved, actor, now, note);
        var entry = await db.Standings.SingleOrDefaultAsync(e => e.EntityId == revocation.EntityId, ct);
        if (entry is not null)
            db.Standings.Remove(entry);
        db.Record(now, AuditAction.RevocationApproved, actor, revocation.EntityId, revocation.EntityType, revocation.EntityName,
            entry?.Standing, Describe(revocation, note) + (entry is null ? " The entry was already gone." : " Entry removed."));
        if (revocation.RequestedByAccountId is { } requester)
            db.Notify(requester, now, NotificationLevel.Info, $"Standing of {revocation.EntityName} removed", note ?? "");
        await db.SaveStepAsync(RaceMessage, ct);
        await PublishDecisionAsync();
    }

    public async Task RejectAsync(int actorAccountId, int revocationId, string reason, CancellationToken ct = default)
    {
        var cleanReason = FreeText.Clean(reason) ?? throw WorkflowException.Invalid("Give a reason for keeping the entry.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, actorAccountId, ct);
        actor.Require(Role.Approver, "reject revocations");
        var revocation = await db.Revocations.LoadPendingAsync(revocationId, "revocation", ct);

        var now = time.GetUtcNow();
        revocation.Decide(RequestStatus.Rejected, actor, now, cleanReason);
        db.Record(now, AuditAction.RevocationRejected, actor, revocation.EntityId, revocation.EntityType, revocation.EntityName,
            details: Describe(revocation, cleanReason) + " Entry kept.");
        if (revocation.RequestedByAccountId is { } requester)
            db.Notify(requester, now, NotificationLevel.Warning, $"Removal of {revocation.EntityName} rejected", cleanReason);
        await db.SaveStepAsync(RaceMessage, ct);
        await PublishDecisionAsync();
    }

    private async Task PublishDecisionAsync()
    {
        await events.PublishAsync(new(StandingsChangeKind.Revocations));
        await events.PublishAsync(new(StandingsChangeKind.Entries));
    }

    private static string Describe(Revocation revocation, string? note) =>
        (revocation.Source == RevocationSource.User
            ? $"Asked for by {revocation.RequestedByName}."
            : $"System revocation ({revocation.SystemReason}).")
        + (note is null ? "" : $" Note: {note}.");
}
