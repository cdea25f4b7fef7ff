using Microsoft.EntityFrameworkCore;
using StandingsManager.Core;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Requests;
using static StandingsManager.Tests.TestSupport.CoreTestDatabase;

namespace StandingsManager.Tests.Requests;

/// <summary>
/// Two people deciding the same thing at once. The <see cref="SaveRaceInterceptor"/> lets the rival's
/// whole decision commit between the first decider's reads and its save, every time.
/// </summary>
public sealed class ConcurrencyTests
{
    private static readonly AuditAction[] RequestDecisions = [AuditAction.RequestApproved, AuditAction.RequestRejected, AuditAction.RequestCancelled];
    private static readonly AuditAction[] RevocationDecisions = [AuditAction.RevocationApproved, AuditAction.RevocationRejected, AuditAction.RevocationCancelled];

    [Fact]
    public async Task Two_approvers_approving_at_once_one_wins_the_other_gets_a_conflict()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        var id = await t.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceMain, Ct);
        Exception? rivalError = new InvalidOperationException("rival never ran");
        t.Race.Arm(async () => rivalError = await Record.ExceptionAsync(() => t.Requests.ApproveAsync(cast.Dave, id, 4, "Dave's note", Ct)));

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => t.Requests.ApproveAsync(cast.Carol, id, 8, "Carol's note", Ct));

        Assert.Equal(1, t.Race.Fired);
        Assert.Null(rivalError);
        Assert.Equal(WorkflowError.Conflict, ex.Error);
        Assert.Contains("Someone else decided this request", ex.Message, StringComparison.Ordinal);
        await using var db = t.CreateDbContext();
        var entry = await db.Standings.SingleAsync(Ct);
        Assert.Equal(4, entry.Standing);
        Assert.Equal(cast.Dave, entry.AddedByAccountId);
        var request = await db.Requests.SingleAsync(Ct);
        Assert.Equal(RequestStatus.Approved, request.Status);
        Assert.Equal("Dave Approver", request.DecidedByName);
        Assert.Equal("Dave's note", request.DecisionNote);
        var decision = await db.Audit.Where(a => RequestDecisions.Contains(a.Action)).SingleAsync(Ct);
        Assert.Equal(AuditAction.RequestApproved, decision.Action);
        Assert.Equal("Dave Approver", decision.ActorName);
        Assert.Equal(1, await db.Notifications.CountAsync(NotApproverAlert, Ct));
    }

    [Fact]
    public async Task Approve_racing_a_reject_the_reject_wins_and_no_entry_is_created()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        var id = await t.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceMain, Ct);
        Exception? rivalError = new InvalidOperationException("rival never ran");
        t.Race.Arm(async () => rivalError = await Record.ExceptionAsync(() => t.Requests.RejectAsync(cast.Dave, id, "not eligible", Ct)));

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => t.Requests.ApproveAsync(cast.Carol, id, 5, null, Ct));

        Assert.Null(rivalError);
        Assert.Equal(WorkflowError.Conflict, ex.Error);
        await using var db = t.CreateDbContext();
        Assert.Equal(0, await db.Standings.CountAsync(Ct));
        var request = await db.Requests.SingleAsync(Ct);
        Assert.Equal(RequestStatus.Rejected, request.Status);
        Assert.Equal("not eligible", request.DecisionNote);
        Assert.Null(request.Standing);
        var decision = await db.Audit.Where(a => RequestDecisions.Contains(a.Action)).SingleAsync(Ct);
        Assert.Equal(AuditAction.RequestRejected, decision.Action);
        Assert.Equal("Dave Approver", decision.ActorName);
        Assert.Equal("Standing request for Alice Main rejected", (await db.Notifications.SingleAsync(NotApproverAlert, Ct)).Title);
    }

    [Fact]
    public async Task Reject_racing_an_approve_the_approve_wins_and_the_entry_stays()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        var id = await t.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceMain, Ct);
        Exception? rivalError = new InvalidOperationException("rival never ran");
        t.Race.Arm(async () => rivalError = await Record.ExceptionAsync(() => t.Requests.ApproveAsync(cast.Dave, id, 6, null, Ct)));

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => t.Requests.RejectAsync(cast.Carol, id, "no", Ct));

        Assert.Null(rivalError);
        Assert.Equal(WorkflowError.Conflict, ex.Error);
        await using var db = t.CreateDbContext();
        Assert.Equal(6, (await db.Standings.SingleAsync(Ct)).Standing);
        var request = await db.Requests.SingleAsync(Ct);
        Assert.Equal(RequestStatus.Approved, request.Status);
        Assert.Null(request.DecisionNote);
        Assert.Equal(AuditAction.RequestApproved, (await db.Audit.Where(a => RequestDecisions.Contains(a.Action)).SingleAsync(Ct)).Action);
    }

    [Fact]
    public async Task Cancel_racing_an_approve_the_approve_wins()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        var id = await t.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceMain, Ct);
        Exception? rivalError = new InvalidOperationException("rival never ran");
        t.Race.Arm(async () => rivalError = await Record.ExceptionAsync(() => t.Requests.ApproveAsync(cast.Carol, id, 5, null, Ct)));

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => t.Requests.CancelAsync(cast.Alice, id, Ct));

        Assert.Null(rivalError);
        Assert.Equal(WorkflowError.Conflict, ex.Error);
        await using var db = t.CreateDbContext();
        Assert.Equal(RequestStatus.Approved, (await db.Requests.SingleAsync(Ct)).Status);
        Assert.Equal(1, await db.Standings.CountAsync(Ct));
        Assert.Equal(AuditAction.RequestApproved, (await db.Audit.Where(a => RequestDecisions.Contains(a.Action)).SingleAsync(Ct)).Action);
    }

    [Fact]
    public async Task Two_members_requesting_the_same_character_at_once_hit_the_pending_unique_index()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        Exception? rivalError = new InvalidOperationException("rival never ran");
        int? rivalId = null;
        t.Race.Arm(async () => rivalError = await Record.ExceptionAsync(async () => rivalId = await t.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceAlt, Ct)));

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => t.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceAlt, Ct));

        Assert.Null(rivalError);
        Assert.Equal(WorkflowError.Conflict, ex.Error);
        Assert.Equal("A request for Alice Alt is already pending.", ex.Message);
        await using var db = t.CreateDbContext();
        Assert.Equal(rivalId, (await db.Requests.SingleAsync(Ct)).Id);
        Assert.Equal(1, await db.Audit.CountAsync(a => a.Action == AuditAction.RequestCreated, Ct));
    }

    [Fact]
    public async Task Two_approvers_deciding_one_revocation_at_once_one_wins()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        await t.GrantViaRequestAsync(cast, Cast.AliceMain, 3);
        var id = await t.Revocations.RequestRemovalOfCharacterAsync(cast.Alice, Cast.AliceMain, Ct);
        Exception? rivalError = new InvalidOperationException("rival never ran");
        t.Race.Arm(async () => rivalError = await Record.ExceptionAsync(() => t.Revocations.RejectAsync(cast.Dave, id, "keep it", Ct)));

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => t.Revocations.ApproveAsync(cast.Carol, id, null, Ct));

        Assert.Null(rivalError);
        Assert.Equal(WorkflowError.Conflict, ex.Error);
        Assert.Contains("Someone else decided this revocation", ex.Message, StringComparison.Ordinal);
        await using var db = t.CreateDbContext();
        Assert.Equal(3, (await db.Standings.SingleAsync(Ct)).Standing);
        Assert.Equal(RequestStatus.Rejected, (await db.Revocations.SingleAsync(Ct)).Status);
        Assert.Equal(AuditAction.RevocationRejected, (await db.Audit.Where(a => RevocationDecisions.Contains(a.Action)).SingleAsync(Ct)).Action);
    }

    [Fact]
    public async Task Two_administrators_editing_one_entry_at_once_the_second_save_is_a_conflict()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        var entryId = await t.Admin.AddAsync(StandingsList.FirstListId, cast.Erin, 99, EntityType.Corporation, "Blue Corp", 5, null, Ct);
        Exception? rivalError = new InvalidOperationException("rival never ran");
        t.Race.Arm(async () => rivalError = await Record.ExceptionAsync(() => t.Admin.EditAsync(cast.Frank, entryId, 0, -5, "Frank", Ct)));

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => t.Admin.EditAsync(cast.Erin, entryId, 0, 10, "Erin", Ct));

        Assert.Null(rivalError);
        Assert.Equal(WorkflowError.Conflict, ex.Error);
        await using var db = t.CreateDbContext();
        var entry = await db.Standings.SingleAsync(Ct);
        Assert.Equal(-5, entry.Standing);
        Assert.Equal("Frank", entry.Notes);
        Assert.Equal(1, entry.Version);
        Assert.Equal("Frank Admin", (await db.Audit.SingleAsync(a => a.Action == AuditAction.EntryEdited, Ct)).ActorName);
    }

    [Fact]
    public async Task Same_request_changed_in_two_contexts_the_second_save_throws_a_concurrency_exception()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        var id = await t.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceMain, Ct);
        await using var first = t.CreateDbContext();
        await using var second = t.CreateDbContext();
        var a = await first.Requests.SingleAsync(r => r.Id == id, Ct);
        var b = await second.Requests.SingleAsync(r => r.Id == id, Ct);

        a.Status = RequestStatus.Approved;
        b.Status = RequestStatus.Rejected;
        await first.SaveChangesAsync(Ct);
        Assert.Equal(1, a.Version);
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync(Ct));

        var stored = await t.RequestAsync(id);
        Assert.Equal(RequestStatus.Approved, stored.Status);
        Assert.Equal(1, stored.Version);
    }

    [Fact]
    public async Task Every_save_of_a_versioned_row_bumps_its_version()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        var entryId = await t.Admin.AddAsync(StandingsList.FirstListId, cast.Erin, 99, EntityType.Alliance, "Blue Alliance", 5, null, Ct);

        await t.Admin.EditAsync(cast.Erin, entryId, 0, 6, null, Ct);
        await t.Admin.EditAsync(cast.Erin, entryId, 1, 7, null, Ct);
        await t.Admin.EditAsync(cast.Erin, entryId, 2, 8, null, Ct);

        await using var db = t.CreateDbContext();
        var entry = await db.Standings.SingleAsync(Ct);
        Assert.Equal(3, entry.Version);
        Assert.Equal(8, entry.Standing);
    }
}
