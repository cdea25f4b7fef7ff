using Microsoft.EntityFrameworkCore;
using StandingsManager.Core;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Notifications;
using StandingsManager.Core.Requests;
using static StandingsManager.Tests.TestSupport.CoreTestDatabase;

namespace StandingsManager.Tests.Requests;

public sealed class BulkRequestDecisionTests
{
    /// <summary>Alice asks for her alt, Bob for his main; the queue as an approver's page shows it.</summary>
    private static async Task<(CoreTestDatabase T, Cast Cast, List<DecisionRef> Shown)> SeedAsync(Action<StandingsOptions>? configure = null)
    {
        var t = await CreateAsync(configure);
        var cast = await t.SeedCastAsync();
        await t.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceAlt, Ct);
        await t.Requests.RequestForCharacterAsync(cast.Bob, Cast.BobMain, Ct);
        return (t, cast, await ShownAsync(t, cast));
    }

    private static async Task<List<DecisionRef>> ShownAsync(CoreTestDatabase t, Cast cast) =>
        [.. (await t.Queries.PendingRequestsAsync(cast.Carol, null, 0, 25, Ct)).Items.Select(r => r.Ref)];

    [Fact]
    public async Task Approving_a_selection_creates_every_entry_at_one_value_with_an_audit_row_and_notification_each()
    {
        var (t, cast, shown) = await SeedAsync();
        await using var _ = t;
        t.Time.Advance(TimeSpan.FromHours(1));

        var approved = await t.Requests.BulkApproveAsync(cast.Carol, shown, -2.5, "  trusted pair ", Ct);

        Assert.Equal(2, approved);
        await using var db = t.CreateDbContext();
        Assert.Equal([("Alice Alt", -2.5, "trusted pair"), ("Bob Main", -2.5, "trusted pair")],
            (await db.Standings.OrderBy(e => e.EntityName).ToListAsync(Ct)).Select(e => (e.EntityName, e.Standing, e.Notes!)));
        Assert.All(await db.Requests.ToListAsync(Ct), r =>
            Assert.Equal((RequestStatus.Approved, "Carol Approver", Start.AddHours(1), -2.5), (r.Status, r.DecidedByName!, r.DecidedAt!.Value, r.Standing!.Value)));
        Assert.Equal(
        [
            ("Alice Alt", "Requested by Alice Main. Note: trusted pair"),
            ("Bob Main", "Requested by Bob Main. Note: trusted pair"),
        ], (await db.Audit.Where(a => a.Action == AuditAction.RequestApproved).ToListAsync(Ct)).Select(a => (a.SubjectName!, a.Details!)).Order());
        Assert.Equal([(cast.Alice, "Standing approved for Alice Alt: -2.5"), (cast.Bob, "Standing approved for Bob Main: -2.5")],
            (await db.Notifications.Where(NotApproverAlert).ToListAsync(Ct)).Select(n => (n.AccountId, n.Title)).Order());
    }

    [Fact]
    public async Task Rejecting_a_selection_records_one_reason_with_each_and_tells_each_requester()
    {
        var (t, cast, shown) = await SeedAsync();
        await using var _ = t;

        Assert.Equal(2, await t.Requests.BulkRejectAsync(cast.Dave, shown, " not in the coalition ", Ct));

        await using var db = t.CreateDbContext();
        Assert.False(await db.Standings.AnyAsync(Ct));
        Assert.All(await db.Requests.ToListAsync(Ct), r => Assert.Equal((RequestStatus.Rejected, "not in the coalition"), (r.Status, r.DecisionNote!)));
        Assert.Equal(2, await db.Audit.CountAsync(a => a.Action == AuditAction.RequestRejected && a.Details!.EndsWith("Reason: not in the coalition"), Ct));
        Assert.Equal([cast.Alice, cast.Bob], (await db.Notifications.Where(NotApproverAlert).ToListAsync(Ct))
            .Where(n => n.Level == NotificationLevel.Warning && n.Body == "not in the coalition").Select(n => n.AccountId).Order());
    }

    [Fact]
    public async Task When_one_selected_request_was_decided_since_the_page_showed_it_nothing_is_decided()
    {
        var (t, cast, shown) = await SeedAsync();
        await using var _ = t;
        // Bob withdraws his request after the approver's page loaded.
        await t.Requests.CancelAsync(cast.Bob, shown[1].Id, Ct);

        var refused = await t.RefusedAsync(WorkflowError.Conflict, () => t.Requests.BulkApproveAsync(cast.Carol, shown, 5, null, Ct));
        Assert.Equal("1 of the 2 selected requests changed or were decided since the page showed them. Reload and try again; nothing was decided.", refused.Message);
        await t.RefusedAsync(WorkflowError.Conflict, () => t.Requests.BulkRejectAsync(cast.Carol, shown, "no", Ct));
        Assert.Equal(RequestStatus.Pending, (await t.RequestAsync(shown[0].Id)).Status);
    }

    [Fact]
    public async Task A_version_other_than_the_one_shown_is_refused_as_a_whole()
    {
        var (t, cast, shown) = await SeedAsync();
        await using var _ = t;

        await t.RefusedAsync(WorkflowError.Conflict, () => t.Requests.BulkApproveAsync(cast.Carol, [shown[0], shown[1] with { Version = shown[1].Version + 1 }], 5, null, Ct));
    }

    [Fact]
    public async Task A_rival_deciding_one_of_them_between_load_and_save_leaves_the_others_undecided()
    {
        var (t, cast, shown) = await SeedAsync();
        await using var _ = t;
        Exception? rivalError = null;
        t.Race.Arm(async () => rivalError = await Record.ExceptionAsync(() => t.Requests.RejectAsync(cast.Dave, shown[1].Id, "not eligible", Ct)));

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => t.Requests.BulkApproveAsync(cast.Carol, shown, 5, null, Ct));

        Assert.Null(rivalError);
        Assert.Equal(WorkflowError.Conflict, ex.Error);
        Assert.Contains("nothing was decided", ex.Message, StringComparison.Ordinal);
        Assert.Equal(RequestStatus.Pending, (await t.RequestAsync(shown[0].Id)).Status);
        Assert.Equal(RequestStatus.Rejected, (await t.RequestAsync(shown[1].Id)).Status);
        await using var db = t.CreateDbContext();
        Assert.False(await db.Standings.AnyAsync(Ct));
    }

    [Fact]
    public async Task A_selection_holding_the_approvers_own_request_is_refused_as_a_whole_naming_it()
    {
        var (t, cast, _) = await SeedAsync();
        await using var __ = t;
        await t.Requests.RequestForCharacterAsync(cast.Carol, Cast.CarolMain, Ct);
        var shown = await ShownAsync(t, cast);

        var refused = await t.RefusedAsync(WorkflowError.Forbidden, () => t.Requests.BulkApproveAsync(cast.Carol, shown, 5, null, Ct));

        Assert.Equal("You asked for the standing of Carol Approver yourself: another approver has to approve it. Untick it and try again; nothing was decided.",
            refused.Message);
        // Another approver may approve the same selection.
        Assert.Equal(3, await t.Requests.BulkApproveAsync(cast.Dave, shown, 5, null, Ct));
    }

    [Fact]
    public async Task With_self_approval_allowed_the_own_request_is_approved_with_the_rest()
    {
        var (t, cast, _) = await SeedAsync(o => o.AllowSelfApproval = true);
        await using var __ = t;
        await t.Requests.RequestForCharacterAsync(cast.Carol, Cast.CarolMain, Ct);

        Assert.Equal(3, await t.Requests.BulkApproveAsync(cast.Carol, await ShownAsync(t, cast), 5, null, Ct));
    }

    [Theory]
    [InlineData(15)]
    [InlineData(-10.5)]
    [InlineData(double.NaN)]
    public async Task A_standing_off_the_scale_is_refused_with_a_message(double standing)
    {
        var (t, cast, shown) = await SeedAsync();
        await using var _ = t;

        var refused = await t.RefusedAsync(WorkflowError.Invalid, () => t.Requests.BulkApproveAsync(cast.Carol, shown, standing, null, Ct));

        Assert.StartsWith("A standing must be between -10 and +10", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Rejecting_a_selection_needs_a_reason(string reason)
    {
        var (t, cast, shown) = await SeedAsync();
        await using var _ = t;

        await t.RefusedAsync(WorkflowError.Invalid, () => t.Requests.BulkRejectAsync(cast.Carol, shown, reason, Ct));
    }

    [Fact]
    public async Task An_empty_selection_is_refused()
    {
        var (t, cast, _) = await SeedAsync();
        await using var __ = t;

        await t.RefusedAsync(WorkflowError.Invalid, () => t.Requests.BulkApproveAsync(cast.Carol, [], 5, null, Ct));
    }

    [Fact]
    public async Task Members_and_auditors_cannot_decide_in_bulk_and_administrators_can()
    {
        var (t, cast, shown) = await SeedAsync();
        await using var _ = t;

        foreach (var account in new[] { cast.Alice, cast.Gina })
        {
            await t.RefusedAsync(WorkflowError.Forbidden, () => t.Requests.BulkApproveAsync(account, shown, 5, null, Ct));
            await t.RefusedAsync(WorkflowError.Forbidden, () => t.Requests.BulkRejectAsync(account, shown, "no", Ct));
        }
        // Administrators decide too: the role implies Approver.
        Assert.Equal(2, await t.Requests.BulkRejectAsync(cast.Frank, shown, "no", Ct));
    }

    [Fact]
    public async Task An_entity_that_got_a_standing_meanwhile_blocks_the_approval_and_is_named()
    {
        var (t, cast, shown) = await SeedAsync();
        await using var _ = t;
        await t.Admin.AddAsync(StandingsList.FirstListId, cast.Frank, Cast.BobMain, EntityType.Character, "Bob Main", 3, null, Ct);

        var refused = await t.RefusedAsync(WorkflowError.Conflict, () => t.Requests.BulkApproveAsync(cast.Carol, shown, 5, null, Ct));

        Assert.Equal("Bob Main already has a standing: untick and reject instead. Nothing was decided.", refused.Message);
    }
}
