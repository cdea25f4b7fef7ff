using Microsoft.EntityFrameworkCore;
using StandingsManager.Core;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Notifications;
using StandingsManager.Core.Requests;
using StandingsManager.Core.Revocations;
using static StandingsManager.Tests.TestSupport.CoreTestDatabase;

namespace StandingsManager.Tests.Revocations;

public sealed class RevocationWorkflowTests
{
    [Fact]
    public async Task Member_asks_removal_of_own_characters_entry_creates_a_pending_revocation()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        await t.GrantViaRequestAsync(cast, Cast.AliceAlt, 4);
        t.Time.Advance(TimeSpan.FromDays(2));

        var id = await t.Revocations.RequestRemovalOfCharacterAsync(cast.Alice, Cast.AliceAlt, Ct);

        var revocation = await t.RevocationAsync(id);
        Assert.Equal(Cast.AliceAlt, revocation.EntityId);
        Assert.Equal(EntityType.Character, revocation.EntityType);
        Assert.Equal("Alice Alt", revocation.EntityName);
        Assert.Equal(RevocationSource.User, revocation.Source);
        Assert.Equal(cast.Alice, revocation.RequestedByAccountId);
        Assert.Equal("Alice Main", revocation.RequestedByName);
        Assert.Equal(Start.AddDays(2), revocation.CreatedAt);
        Assert.Equal(RequestStatus.Pending, revocation.Status);
        await using var db = t.CreateDbContext();
        var audit = await db.Audit.SingleAsync(a => a.Action == AuditAction.RevocationCreated, Ct);
        Assert.Equal("Alice Main", audit.ActorName);
        Assert.Equal(Cast.AliceAlt, audit.SubjectId);
        Assert.Equal(4, audit.Standing);
        Assert.Equal(1, await db.Standings.CountAsync(Ct));
        Assert.Equal((0, 1), await t.Queries.QueueCountsAsync(null, cast.Carol, Ct));
        var queue = await t.Queries.PendingRevocationsAsync(cast.Carol, null, 0, 10, Ct);
        var row = Assert.Single(queue.Items);
        Assert.Equal("Asked for by the owner", row.Reason);
    }

    [Fact]
    public async Task Approver_approves_a_revocation_and_the_entry_is_deleted()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        await t.GrantViaRequestAsync(cast, Cast.AliceMain, 4);
        var id = await t.Revocations.RequestRemovalOfCharacterAsync(cast.Alice, Cast.AliceMain, Ct);
        t.Time.Advance(TimeSpan.FromHours(1));

        await t.Revocations.ApproveAsync(cast.Dave, id, " left the alliance ", Ct);

        var revocation = await t.RevocationAsync(id);
        Assert.Equal(RequestStatus.Approved, revocation.Status);
        Assert.Equal("Dave Approver", revocation.DecidedByName);
        Assert.Equal(cast.Dave, revocation.DecidedByAccountId);
        Assert.Equal(Start.AddHours(1), revocation.DecidedAt);
        Assert.Equal("left the alliance", revocation.DecisionNote);
        await using var db = t.CreateDbContext();
        Assert.Equal(0, await db.Standings.CountAsync(Ct));
        var audit = await db.Audit.SingleAsync(a => a.Action == AuditAction.RevocationApproved, Ct);
        Assert.Equal("Dave Approver", audit.ActorName);
        Assert.Equal(4, audit.Standing);
        Assert.Equal("Asked for by Alice Main. Note: left the alliance. Entry removed.", audit.Details);
        var notification = await db.Notifications.OrderBy(n => n.Id).LastAsync(Ct);
        Assert.Equal(cast.Alice, notification.AccountId);
        Assert.Equal(NotificationLevel.Info, notification.Level);
        Assert.Equal("Standing of Alice Main removed", notification.Title);
        Assert.Equal("left the alliance", notification.Body);
    }

    [Fact]
    public async Task Approving_a_revocation_whose_entry_was_already_removed_records_that()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        var entryId = await t.GrantViaRequestAsync(cast, Cast.AliceMain, 4);
        var id = await t.Revocations.RequestRemovalOfCharacterAsync(cast.Alice, Cast.AliceMain, Ct);
        await t.Admin.RemoveAsync(cast.Erin, entryId, 0, "cleanup", Ct);

        await t.Revocations.ApproveAsync(cast.Carol, id, null, Ct);

        await using var db = t.CreateDbContext();
        var audit = await db.Audit.SingleAsync(a => a.Action == AuditAction.RevocationApproved, Ct);
        Assert.Null(audit.Standing);
        Assert.Equal("Asked for by Alice Main. The entry was already gone.", audit.Details);
        Assert.Equal(RequestStatus.Approved, (await t.RevocationAsync(id)).Status);
    }

    [Fact]
    public async Task Approver_rejects_a_revocation_and_the_entry_is_kept()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        await t.GrantViaRequestAsync(cast, Cast.AliceMain, 4);
        var id = await t.Revocations.RequestRemovalOfCharacterAsync(cast.Alice, Cast.AliceMain, Ct);

        await t.Revocations.RejectAsync(cast.Carol, id, "still needed for ops", Ct);

        var revocation = await t.RevocationAsync(id);
        Assert.Equal(RequestStatus.Rejected, revocation.Status);
        Assert.Equal("still needed for ops", revocation.DecisionNote);
        Assert.Equal("Carol Approver", revocation.DecidedByName);
        await using var db = t.CreateDbContext();
        var entry = await db.Standings.SingleAsync(Ct);
        Assert.Equal(4, entry.Standing);
        Assert.Equal(Cast.AliceMain, entry.EntityId);
        var audit = await db.Audit.SingleAsync(a => a.Action == AuditAction.RevocationRejected, Ct);
        Assert.Equal("Asked for by Alice Main. Note: still needed for ops. Entry kept.", audit.Details);
        var notification = await db.Notifications.OrderBy(n => n.Id).LastAsync(Ct);
        Assert.Equal(cast.Alice, notification.AccountId);
        Assert.Equal(NotificationLevel.Warning, notification.Level);
        Assert.Equal("Removal of Alice Main rejected", notification.Title);
        Assert.Equal("still needed for ops", notification.Body);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public async Task Rejecting_a_revocation_requires_a_reason(string reason)
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        await t.GrantViaRequestAsync(cast, Cast.AliceMain);
        var id = await t.Revocations.RequestRemovalOfCharacterAsync(cast.Alice, Cast.AliceMain, Ct);

        await t.RefusedAsync(WorkflowError.Invalid, () => t.Revocations.RejectAsync(cast.Carol, id, reason, Ct));

        Assert.Equal(RequestStatus.Pending, (await t.RevocationAsync(id)).Status);
    }

    [Fact]
    public async Task Requester_withdraws_own_removal_request()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        await t.GrantViaRequestAsync(cast, Cast.AliceMain);
        var id = await t.Revocations.RequestRemovalOfCharacterAsync(cast.Alice, Cast.AliceMain, Ct);

        await t.Revocations.CancelAsync(cast.Alice, id, Ct);

        var revocation = await t.RevocationAsync(id);
        Assert.Equal(RequestStatus.Cancelled, revocation.Status);
        Assert.Equal("Alice Main", revocation.DecidedByName);
        await using var db = t.CreateDbContext();
        Assert.Equal(1, await db.Standings.CountAsync(Ct));
        Assert.Equal(1, await db.Audit.CountAsync(a => a.Action == AuditAction.RevocationCancelled, Ct));
        // Withdrawn: a new removal request may be made.
        await t.Revocations.RequestRemovalOfCharacterAsync(cast.Alice, Cast.AliceMain, Ct);
        Assert.Equal(2, await db.Revocations.CountAsync(Ct));
    }

    [Fact]
    public async Task Withdrawing_someone_elses_removal_request_is_forbidden()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        await t.GrantViaRequestAsync(cast, Cast.AliceMain);
        var id = await t.Revocations.RequestRemovalOfCharacterAsync(cast.Alice, Cast.AliceMain, Ct);

        var ex = await t.RefusedAsync(WorkflowError.Forbidden, () => t.Revocations.CancelAsync(cast.Bob, id, Ct));
        await t.RefusedAsync(WorkflowError.Forbidden, () => t.Revocations.CancelAsync(cast.Carol, id, Ct));

        Assert.Equal("You can only withdraw your own removal requests.", ex.Message);
    }

    [Fact]
    public async Task Asking_removal_for_a_character_without_an_entry_is_not_found()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();

        var ex = await t.RefusedAsync(WorkflowError.NotFound, () => t.Revocations.RequestRemovalOfCharacterAsync(cast.Alice, Cast.AliceAlt, Ct));

        Assert.Equal("Alice Alt has no standing to remove.", ex.Message);
    }

    [Fact]
    public async Task Asking_removal_for_another_users_character_is_forbidden()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        await t.GrantViaRequestAsync(cast, Cast.AliceMain);

        await t.RefusedAsync(WorkflowError.Forbidden, () => t.Revocations.RequestRemovalOfCharacterAsync(cast.Bob, Cast.AliceMain, Ct));
    }

    [Fact]
    public async Task A_second_pending_removal_for_the_same_character_is_a_conflict()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        await t.GrantViaRequestAsync(cast, Cast.AliceMain);
        await t.Revocations.RequestRemovalOfCharacterAsync(cast.Alice, Cast.AliceMain, Ct);

        var ex = await t.RefusedAsync(WorkflowError.Conflict, () => t.Revocations.RequestRemovalOfCharacterAsync(cast.Alice, Cast.AliceMain, Ct));

        Assert.Equal("Removal of Alice Main is already pending.", ex.Message);
    }

    [Fact]
    public async Task A_plain_member_cannot_decide_revocations()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        await t.GrantViaRequestAsync(cast, Cast.AliceMain);
        var id = await t.Revocations.RequestRemovalOfCharacterAsync(cast.Alice, Cast.AliceMain, Ct);

        var approve = await t.RefusedAsync(WorkflowError.Forbidden, () => t.Revocations.ApproveAsync(cast.Alice, id, null, Ct));
        var reject = await t.RefusedAsync(WorkflowError.Forbidden, () => t.Revocations.RejectAsync(cast.Bob, id, "no", Ct));

        Assert.Equal("You need the Approver role to approve revocations.", approve.Message);
        Assert.Equal("You need the Approver role to reject revocations.", reject.Message);
        await using var db = t.CreateDbContext();
        Assert.Equal(1, await db.Standings.CountAsync(Ct));
    }

    [Fact]
    public async Task Deciding_an_already_decided_revocation_is_a_conflict()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        await t.GrantViaRequestAsync(cast, Cast.AliceMain);
        var id = await t.Revocations.RequestRemovalOfCharacterAsync(cast.Alice, Cast.AliceMain, Ct);
        await t.Revocations.RejectAsync(cast.Carol, id, "keep", Ct);

        var approve = await t.RefusedAsync(WorkflowError.Conflict, () => t.Revocations.ApproveAsync(cast.Dave, id, null, Ct));
        await t.RefusedAsync(WorkflowError.Conflict, () => t.Revocations.CancelAsync(cast.Alice, id, Ct));

        Assert.Equal("This revocation was already rejected by Carol Approver.", approve.Message);
        await t.RefusedAsync(WorkflowError.NotFound, () => t.Revocations.ApproveAsync(cast.Dave, 999, null, Ct));
    }

    [Fact]
    public async Task Request_again_after_the_standing_was_revoked_succeeds_and_history_remains()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        await t.GrantViaRequestAsync(cast, Cast.AliceMain, 4);
        var revocation = await t.Revocations.RequestRemovalOfCharacterAsync(cast.Alice, Cast.AliceMain, Ct);
        await t.Revocations.ApproveAsync(cast.Carol, revocation, null, Ct);

        var again = await t.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceMain, Ct);
        await t.Requests.ApproveAsync(cast.Dave, again, 9, null, Ct);

        await using var db = t.CreateDbContext();
        var requests = await db.Requests.Where(r => r.EntityId == Cast.AliceMain).OrderBy(r => r.Id).ToListAsync(Ct);
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal(RequestStatus.Approved, r.Status));
        var entry = await db.Standings.SingleAsync(Ct);
        Assert.Equal(9, entry.Standing);
        Assert.Equal(again, entry.RequestId);

        var history = await t.Queries.HistoryAsync(StandingsList.FirstListId, cast.Gina, Cast.AliceMain, Ct);
        Assert.Equal(
            [AuditAction.RequestApproved, AuditAction.RequestCreated, AuditAction.RevocationApproved, AuditAction.RevocationCreated,
             AuditAction.RequestApproved, AuditAction.RequestCreated],
            history.Select(h => h.Action));
    }

    [Fact]
    public async Task An_approver_cannot_approve_the_removal_they_asked_for()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        // Carol's own standing, approved by the other approver, Dave.
        var carolsOwn = await t.Requests.RequestForCharacterAsync(cast.Carol, Cast.CarolMain, Ct);
        await t.Requests.ApproveAsync(cast.Dave, carolsOwn, 5, null, Ct);
        var removal = await t.Revocations.RequestRemovalOfCharacterAsync(cast.Carol, Cast.CarolMain, Ct);

        var refused = await Assert.ThrowsAsync<WorkflowException>(() => t.Revocations.ApproveAsync(cast.Carol, removal, null, Ct));

        Assert.Equal(WorkflowError.Forbidden, refused.Error);
        await using var db = t.CreateDbContext();
        Assert.True(await db.Standings.AnyAsync(e => e.EntityId == Cast.CarolMain, Ct));
    }
}
