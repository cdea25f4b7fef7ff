using Microsoft.EntityFrameworkCore;
using StandingsManager.Core;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Notifications;
using StandingsManager.Core.Requests;
using static StandingsManager.Tests.TestSupport.CoreTestDatabase;

namespace StandingsManager.Tests.Requests;

public sealed class RequestWorkflowTests
{
    [Fact]
    public async Task Member_requests_for_own_character_creates_pending_request_and_audit_row()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();

        var id = await t.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceAlt, Ct);

        await using var db = t.CreateDbContext();
        var request = await db.Requests.SingleAsync(Ct);
        Assert.Equal(id, request.Id);
        Assert.Equal(Cast.AliceAlt, request.EntityId);
        Assert.Equal(EntityType.Character, request.EntityType);
        Assert.Equal("Alice Alt", request.EntityName);
        Assert.Equal(cast.Alice, request.RequesterAccountId);
        Assert.Equal("Alice Main", request.RequesterName);
        Assert.Equal(RequestStatus.Pending, request.Status);
        Assert.Equal(Start, request.CreatedAt);
        Assert.Null(request.DecidedAt);
        Assert.Null(request.DecidedByName);
        Assert.Equal(0, request.Version);

        var audit = await db.Audit.SingleAsync(Ct);
        Assert.Equal(AuditAction.RequestCreated, audit.Action);
        Assert.Equal(cast.Alice, audit.ActorAccountId);
        Assert.Equal("Alice Main", audit.ActorName);
        Assert.Equal(Cast.AliceAlt, audit.SubjectId);
        Assert.Equal(EntityType.Character, audit.SubjectType);
        Assert.Equal("Alice Alt", audit.SubjectName);
        Assert.Equal(Start, audit.At);
        Assert.Empty(await db.Standings.ToListAsync(Ct));
    }

    [Fact]
    public async Task Member_cancels_own_pending_request()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        var id = await t.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceMain, Ct);
        t.Time.Advance(TimeSpan.FromMinutes(3));

        await t.Requests.CancelAsync(cast.Alice, id, Ct);

        var request = await t.RequestAsync(id);
        Assert.Equal(RequestStatus.Cancelled, request.Status);
        Assert.Equal(cast.Alice, request.DecidedByAccountId);
        Assert.Equal("Alice Main", request.DecidedByName);
        Assert.Equal(Start.AddMinutes(3), request.DecidedAt);
        await using var db = t.CreateDbContext();
        var actions = await db.Audit.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync(Ct);
        Assert.Equal([AuditAction.RequestCreated, AuditAction.RequestCancelled], actions);
        Assert.Empty(await db.Standings.ToListAsync(Ct));
    }

    [Fact]
    public async Task Approver_approves_with_chosen_value_and_note()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        var id = await t.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceAlt, Ct);
        t.Time.Advance(TimeSpan.FromHours(2));

        await t.Requests.ApproveAsync(cast.Carol, id, -2.5, "  known scout  ", Ct);

        await using var db = t.CreateDbContext();
        var entry = await db.Standings.SingleAsync(Ct);
        Assert.Equal(Cast.AliceAlt, entry.EntityId);
        Assert.Equal(EntityType.Character, entry.EntityType);
        Assert.Equal("Alice Alt", entry.EntityName);
        Assert.Equal(-2.5, entry.Standing);
        Assert.Equal("known scout", entry.Notes);
        Assert.Equal(id, entry.RequestId);
        Assert.Equal(cast.Carol, entry.AddedByAccountId);
        Assert.Equal("Carol Approver", entry.AddedByName);
        Assert.Equal(Start.AddHours(2), entry.AddedAt);

        var request = await db.Requests.SingleAsync(Ct);
        Assert.Equal(RequestStatus.Approved, request.Status);
        Assert.Equal("Carol Approver", request.DecidedByName);
        Assert.Equal(cast.Carol, request.DecidedByAccountId);
        Assert.Equal(Start.AddHours(2), request.DecidedAt);
        Assert.Equal(-2.5, request.Standing);
        Assert.Equal("known scout", request.DecisionNote);
        Assert.Equal(1, request.Version);

        var audit = await db.Audit.Where(a => a.Action == AuditAction.RequestApproved).SingleAsync(Ct);
        Assert.Equal("Carol Approver", audit.ActorName);
        Assert.Equal(cast.Carol, audit.ActorAccountId);
        Assert.Equal(Cast.AliceAlt, audit.SubjectId);
        Assert.Equal("Alice Alt", audit.SubjectName);
        Assert.Equal(-2.5, audit.Standing);
        Assert.NotNull(audit.Details);
        Assert.Contains("known scout", audit.Details, StringComparison.Ordinal);
        Assert.Contains("Alice Main", audit.Details, StringComparison.Ordinal);

        var notification = await db.Notifications.SingleAsync(NotApproverAlert, Ct);
        Assert.Equal(cast.Alice, notification.AccountId);
        Assert.Equal(NotificationLevel.Success, notification.Level);
        Assert.Equal("Standing approved for Alice Alt: -2.5", notification.Title);
        Assert.Equal("known scout", notification.Body);
        Assert.False(notification.IsRead);
    }

    [Fact]
    public async Task Approve_without_a_value_uses_the_configured_default_standing()
    {
        await using var t = await CreateAsync(o => o.DefaultStanding = 7.5);
        var cast = await t.SeedCastAsync();
        var id = await t.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceMain, Ct);

        await t.Requests.ApproveAsync(cast.Carol, id, null, null, Ct);

        await using var db = t.CreateDbContext();
        Assert.Equal(7.5, (await db.Standings.SingleAsync(Ct)).Standing);
        Assert.Equal(7.5, (await db.Requests.SingleAsync(Ct)).Standing);
        var audit = await db.Audit.SingleAsync(a => a.Action == AuditAction.RequestApproved, Ct);
        Assert.Equal(7.5, audit.Standing);
        Assert.Equal("Requested by Alice Main", audit.Details);
        Assert.Equal("Standing approved for Alice Main: +7.5", (await db.Notifications.SingleAsync(NotApproverAlert, Ct)).Title);
    }

    [Theory]
    [InlineData(10.5)]
    [InlineData(-11)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public async Task Approve_with_a_standing_outside_the_range_is_invalid_and_changes_nothing(double standing)
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        var id = await t.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceMain, Ct);

        var ex = await t.RefusedAsync(WorkflowError.Invalid, () => t.Requests.ApproveAsync(cast.Carol, id, standing, "note", Ct));

        Assert.Contains("between -10 and +10", ex.Message, StringComparison.Ordinal);
        Assert.Equal(RequestStatus.Pending, (await t.RequestAsync(id)).Status);
    }

    [Theory]
    [InlineData(10.0)]
    [InlineData(-10.0)]
    [InlineData(0.0)]
    public async Task Approve_accepts_the_bounds_and_zero(double standing)
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        var id = await t.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceMain, Ct);

        await t.Requests.ApproveAsync(cast.Carol, id, standing, null, Ct);

        await using var db = t.CreateDbContext();
        Assert.Equal(standing, (await db.Standings.SingleAsync(Ct)).Standing);
    }

    [Fact]
    public async Task Approve_with_a_note_over_1000_characters_is_invalid_and_changes_nothing()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        var id = await t.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceMain, Ct);

        var ex = await t.RefusedAsync(WorkflowError.Invalid, () => t.Requests.ApproveAsync(cast.Carol, id, 5, new string('x', 1001), Ct));

        Assert.Contains("1000", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\r\n ")]
    public async Task Reject_requires_a_reason(string reason)
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        var id = await t.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceMain, Ct);

        var ex = await t.RefusedAsync(WorkflowError.Invalid, () => t.Requests.RejectAsync(cast.Carol, id, reason, Ct));

        Assert.Contains("reason", ex.Message, StringComparison.Ordinal);
        var request = await t.RequestAsync(id);
        Assert.Equal(RequestStatus.Pending, request.Status);
        Assert.Null(request.DecisionNote);
    }

    [Fact]
    public async Task Reject_stores_the_reason_with_audit_row_and_notification()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        var id = await t.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceAlt, Ct);
        t.Time.Advance(TimeSpan.FromDays(1));

        await t.Requests.RejectAsync(cast.Dave, id, "  Not in the alliance  ", Ct);

        var request = await t.RequestAsync(id);
        Assert.Equal(RequestStatus.Rejected, request.Status);
        Assert.Equal("Not in the alliance", request.DecisionNote);
        Assert.Equal("Dave Approver", request.DecidedByName);
        Assert.Equal(cast.Dave, request.DecidedByAccountId);
        Assert.Equal(Start.AddDays(1), request.DecidedAt);
        Assert.Null(request.Standing);

        await using var db = t.CreateDbContext();
        Assert.Empty(await db.Standings.ToListAsync(Ct));
        var audit = await db.Audit.SingleAsync(a => a.Action == AuditAction.RequestRejected, Ct);
        Assert.Equal("Dave Approver", audit.ActorName);
        Assert.Equal("Alice Alt", audit.SubjectName);
        Assert.Null(audit.Standing);
        Assert.Equal("Requested by Alice Main. Reason: Not in the alliance", audit.Details);
        var notification = await db.Notifications.SingleAsync(NotApproverAlert, Ct);
        Assert.Equal(cast.Alice, notification.AccountId);
        Assert.Equal(NotificationLevel.Warning, notification.Level);
        Assert.Equal("Standing request for Alice Alt rejected", notification.Title);
        Assert.Equal("Not in the alliance", notification.Body);

        var mine = await t.Queries.MyCharactersAsync(StandingsList.FirstListId, cast.Alice, Ct);
        var alt = Assert.Single(mine, c => c.CharacterId == Cast.AliceAlt);
        Assert.Equal("Not in the alliance", alt.LastRejection);
        Assert.Null(alt.PendingRequestId);
        Assert.Null(alt.Standing);
    }

    [Theory]
    [InlineData("approve", "approve", "already approved by Carol Approver")]
    [InlineData("approve", "reject", "already approved by Carol Approver")]
    [InlineData("approve", "cancel", "already approved by Carol Approver")]
    [InlineData("reject", "approve", "already rejected by Carol Approver")]
    [InlineData("reject", "reject", "already rejected by Carol Approver")]
    [InlineData("cancel", "approve", "already cancelled by Alice Main")]
    [InlineData("cancel", "cancel", "already cancelled by Alice Main")]
    public async Task Deciding_an_already_decided_request_is_a_conflict_and_changes_nothing(string first, string second, string expected)
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        var id = await t.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceMain, Ct);
        await DecideAsync(t, cast, first, cast.Carol, id);

        var ex = await t.RefusedAsync(WorkflowError.Conflict, () => DecideAsync(t, cast, second, cast.Dave, id));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    private static Task DecideAsync(CoreTestDatabase t, Cast cast, string decision, int approver, int id) => decision switch
    {
        "approve" => t.Requests.ApproveAsync(approver, id, 3, null, Ct),
        "reject" => t.Requests.RejectAsync(approver, id, "no", Ct),
        "cancel" => t.Requests.CancelAsync(cast.Alice, id, Ct),
        _ => throw new ArgumentOutOfRangeException(nameof(decision)),
    };

    [Fact]
    public async Task Deciding_a_request_that_does_not_exist_is_not_found()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();

        await t.RefusedAsync(WorkflowError.NotFound, () => t.Requests.ApproveAsync(cast.Carol, 4242, 5, null, Ct));
        await t.RefusedAsync(WorkflowError.NotFound, () => t.Requests.RejectAsync(cast.Carol, 4242, "why", Ct));
        await t.RefusedAsync(WorkflowError.NotFound, () => t.Requests.CancelAsync(cast.Alice, 4242, Ct));
    }

    [Fact]
    public async Task Requesting_for_another_users_character_is_forbidden()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();

        var ex = await t.RefusedAsync(WorkflowError.Forbidden, () => t.Requests.RequestForCharacterAsync(cast.Bob, Cast.AliceAlt, Ct));

        Assert.Contains("your own characters", ex.Message, StringComparison.Ordinal);
        // Even an administrator cannot request for someone else's character.
        await t.RefusedAsync(WorkflowError.Forbidden, () => t.Requests.RequestForCharacterAsync(cast.Erin, Cast.AliceMain, Ct));
    }

    [Fact]
    public async Task Requesting_for_an_unknown_character_is_forbidden()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();

        await t.RefusedAsync(WorkflowError.Forbidden, () => t.Requests.RequestForCharacterAsync(cast.Alice, 777, Ct));
    }

    [Fact]
    public async Task Cancelling_another_users_request_is_forbidden()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        var id = await t.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceMain, Ct);

        var ex = await t.RefusedAsync(WorkflowError.Forbidden, () => t.Requests.CancelAsync(cast.Bob, id, Ct));
        Assert.Contains("your own requests", ex.Message, StringComparison.Ordinal);
        // An approver is not the requester either.
        await t.RefusedAsync(WorkflowError.Forbidden, () => t.Requests.CancelAsync(cast.Carol, id, Ct));
        Assert.Equal(RequestStatus.Pending, (await t.RequestAsync(id)).Status);
    }

    [Fact]
    public async Task A_plain_member_cannot_approve_or_reject()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        var id = await t.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceMain, Ct);

        var approve = await t.RefusedAsync(WorkflowError.Forbidden, () => t.Requests.ApproveAsync(cast.Bob, id, 5, null, Ct));
        var reject = await t.RefusedAsync(WorkflowError.Forbidden, () => t.Requests.RejectAsync(cast.Bob, id, "no", Ct));
        // The requester herself has no approver role either.
        await t.RefusedAsync(WorkflowError.Forbidden, () => t.Requests.ApproveAsync(cast.Alice, id, 5, null, Ct));
        // Auditors read, they do not decide.
        await t.RefusedAsync(WorkflowError.Forbidden, () => t.Requests.ApproveAsync(cast.Gina, id, 5, null, Ct));

        Assert.Equal("You need the Approver role to approve requests.", approve.Message);
        Assert.Equal("You need the Approver role to reject requests.", reject.Message);
        Assert.Equal(RequestStatus.Pending, (await t.RequestAsync(id)).Status);
    }

    [Fact]
    public async Task Administrators_can_approve_whether_configured_or_granted()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        var first = await t.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceMain, Ct);
        var second = await t.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceAlt, Ct);

        await t.Requests.ApproveAsync(cast.Erin, first, 1, null, Ct);
        await t.Requests.RejectAsync(cast.Frank, second, "alt not needed", Ct);

        Assert.Equal("Erin Admin", (await t.RequestAsync(first)).DecidedByName);
        Assert.Equal("Frank Admin", (await t.RequestAsync(second)).DecidedByName);
    }

    [Fact]
    public async Task A_second_pending_request_for_the_same_character_is_a_conflict()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        await t.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceMain, Ct);

        var ex = await t.RefusedAsync(WorkflowError.Conflict, () => t.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceMain, Ct));

        Assert.Equal("A request for Alice Main is already pending.", ex.Message);
    }

    [Fact]
    public async Task Requesting_when_an_entry_already_exists_is_a_conflict()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        await t.GrantViaRequestAsync(cast, Cast.AliceMain);

        var ex = await t.RefusedAsync(WorkflowError.Conflict, () => t.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceMain, Ct));

        Assert.Equal("Alice Main already has a standing.", ex.Message);
    }

    [Fact]
    public async Task Approving_when_an_administrator_added_the_entry_meanwhile_is_a_conflict()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        var id = await t.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceMain, Ct);
        await t.Admin.AddAsync(StandingsList.FirstListId, cast.Erin, Cast.AliceMain, EntityType.Character, "Alice Main", 2, null, Ct);

        var ex = await t.RefusedAsync(WorkflowError.Conflict, () => t.Requests.ApproveAsync(cast.Carol, id, 5, null, Ct));

        Assert.Contains("reject this request instead", ex.Message, StringComparison.Ordinal);
        await using var db = t.CreateDbContext();
        Assert.Equal(2, (await db.Standings.SingleAsync(Ct)).Standing);
    }

    [Fact]
    public async Task Request_again_after_rejection_succeeds_and_keeps_the_history()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        var first = await t.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceMain, Ct);
        await t.Requests.RejectAsync(cast.Carol, first, "try later", Ct);

        var second = await t.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceMain, Ct);

        Assert.NotEqual(first, second);
        await using var db = t.CreateDbContext();
        var statuses = await db.Requests.Where(r => r.EntityId == Cast.AliceMain).OrderBy(r => r.Id).Select(r => r.Status).ToListAsync(Ct);
        Assert.Equal([RequestStatus.Rejected, RequestStatus.Pending], statuses);
        var mine = await t.Queries.MyCharactersAsync(StandingsList.FirstListId, cast.Alice, Ct);
        Assert.Equal(second, Assert.Single(mine, c => c.CharacterId == Cast.AliceMain).PendingRequestId);
    }

    [Fact]
    public async Task Request_again_after_cancelling_succeeds()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        var first = await t.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceMain, Ct);
        await t.Requests.CancelAsync(cast.Alice, first, Ct);

        await t.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceMain, Ct);

        await using var db = t.CreateDbContext();
        Assert.Equal(2, await db.Requests.CountAsync(r => r.EntityId == Cast.AliceMain, Ct));
        Assert.Equal(1, await db.Requests.CountAsync(r => r.EntityId == Cast.AliceMain && r.Status == RequestStatus.Pending, Ct));
    }

    [Fact]
    public async Task Pending_queue_lists_requests_oldest_first_for_approvers_only()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        var first = await t.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceAlt, Ct);
        t.Time.Advance(TimeSpan.FromMinutes(1));
        var second = await t.Requests.RequestForCharacterAsync(cast.Bob, Cast.BobMain, Ct);

        var page = await t.Queries.PendingRequestsAsync(cast.Carol, null, 0, 10, Ct);

        Assert.Equal(2, page.Total);
        Assert.Equal([first, second], page.Items.Select(i => i.Id));
        Assert.Equal(["Alice Main", "Bob Main"], page.Items.Select(i => i.RequestedBy));
        Assert.Equal((2, 0), await t.Queries.QueueCountsAsync(null, cast.Carol, Ct));
        Assert.Equal(WorkflowError.Forbidden, (await Assert.ThrowsAsync<WorkflowException>(() => t.Queries.QueueCountsAsync(null, cast.Alice, Ct))).Error);
        var ex = await Assert.ThrowsAsync<WorkflowException>(() => t.Queries.PendingRequestsAsync(cast.Alice, null, 0, 10, Ct));
        Assert.Equal(WorkflowError.Forbidden, ex.Error);
    }

    [Fact]
    public async Task Approvers_and_administrators_are_alerted_to_a_new_request_and_the_requester_is_not()
    {
        await using var database = await CreateAsync();
        var cast = await database.SeedCastAsync();

        await database.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceAlt, Ct);

        await using var db = database.CreateDbContext();
        var alerted = await db.Notifications.Where(n => n.Title == "New standing request: Alice Alt").Select(n => n.AccountId).OrderBy(id => id).ToListAsync(Ct);
        // Carol and Dave (approvers), Erin (configured administrator) and Frank (granted administrator).
        Assert.Equal(new[] { cast.Carol, cast.Dave, cast.Erin, cast.Frank }.Order(), alerted);
        Assert.DoesNotContain(cast.Alice, alerted);
        Assert.DoesNotContain(cast.Gina, alerted); // auditors decide nothing
    }

    [Fact]
    public async Task An_approver_cannot_approve_their_own_request_unless_self_approval_is_allowed()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        var own = await t.Requests.RequestForCharacterAsync(cast.Carol, Cast.CarolMain, Ct);

        var refused = await Assert.ThrowsAsync<WorkflowException>(() => t.Requests.ApproveAsync(cast.Carol, own, 5, null, Ct));

        Assert.Equal(WorkflowError.Forbidden, refused.Error);
        Assert.Contains("another approver", refused.Message, StringComparison.Ordinal);
        await using var db = t.CreateDbContext();
        Assert.Equal(RequestStatus.Pending, (await db.Requests.SingleAsync(r => r.Id == own, Ct)).Status);
        Assert.False(await db.Standings.AnyAsync(Ct));

        await using var relaxed = await CreateAsync(o => o.AllowSelfApproval = true);
        var relaxedCast = await relaxed.SeedCastAsync();
        var allowed = await relaxed.Requests.RequestForCharacterAsync(relaxedCast.Carol, Cast.CarolMain, Ct);
        await relaxed.Requests.ApproveAsync(relaxedCast.Carol, allowed, 5, null, Ct);
        await using var relaxedDb = relaxed.CreateDbContext();
        Assert.Equal(RequestStatus.Approved, (await relaxedDb.Requests.SingleAsync(r => r.Id == allowed, Ct)).Status);
    }
}
