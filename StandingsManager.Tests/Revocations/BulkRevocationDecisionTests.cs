using Microsoft.EntityFrameworkCore;
using StandingsManager.Core;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Notifications;
using StandingsManager.Core.Requests;
using static StandingsManager.Tests.TestSupport.CoreTestDatabase;

namespace StandingsManager.Tests.Revocations;

public sealed class BulkRevocationDecisionTests
{
    /// <summary>Alice's two characters and Bob's main are on the list; each owner asked for removal.</summary>
    private static async Task<(CoreTestDatabase T, Cast Cast, List<DecisionRef> Shown)> SeedAsync()
    {
        var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        foreach (var (account, character) in new[] { (cast.Alice, Cast.AliceMain), (cast.Alice, Cast.AliceAlt), (cast.Bob, Cast.BobMain) })
        {
            var request = await t.Requests.RequestForCharacterAsync(account, character, Ct);
            await t.Requests.ApproveAsync(cast.Dave, request, 4, null, Ct);
            await t.Revocations.RequestRemovalOfCharacterAsync(account, character, Ct);
        }
        return (t, cast, await ShownAsync(t, cast));
    }

    private static async Task<List<DecisionRef>> ShownAsync(CoreTestDatabase t, Cast cast) =>
        [.. (await t.Queries.PendingRevocationsAsync(cast.Carol, null, 0, 25, Ct)).Items.Select(r => r.Ref)];

    [Fact]
    public async Task Approving_a_selection_removes_those_entries_only_with_an_audit_row_and_notification_each()
    {
        var (t, cast, shown) = await SeedAsync();
        await using var _ = t;

        Assert.Equal(2, await t.Revocations.BulkApproveAsync(cast.Carol, shown[..2], " left ", Ct));

        await using var db = t.CreateDbContext();
        Assert.Equal(["Bob Main"], await db.Standings.Select(e => e.EntityName).ToListAsync(Ct));
        Assert.Equal(
        [
            ("Alice Alt", "Asked for by Alice Main. Note: left. Entry removed."),
            ("Alice Main", "Asked for by Alice Main. Note: left. Entry removed."),
        ], (await db.Audit.Where(a => a.Action == AuditAction.RevocationApproved).ToListAsync(Ct)).Select(a => (a.SubjectName!, a.Details!)).Order());
        Assert.Equal(["Standing of Alice Alt removed", "Standing of Alice Main removed"],
            (await db.Notifications.Where(n => n.AccountId == cast.Alice && n.Level == NotificationLevel.Info).ToListAsync(Ct)).Select(n => n.Title).Order());
        Assert.Equal(RequestStatus.Pending, (await t.RevocationAsync(shown[2].Id)).Status);
    }

    [Fact]
    public async Task Keeping_a_selection_records_one_reason_with_each_and_keeps_every_entry()
    {
        var (t, cast, shown) = await SeedAsync();
        await using var _ = t;

        Assert.Equal(3, await t.Revocations.BulkRejectAsync(cast.Carol, shown, "still flying with us", Ct));

        await using var db = t.CreateDbContext();
        Assert.Equal(3, await db.Standings.CountAsync(Ct));
        Assert.Equal(3, await db.Audit.CountAsync(a => a.Action == AuditAction.RevocationRejected && a.Details!.Contains("still flying with us"), Ct));
        Assert.Equal(3, await db.Notifications.CountAsync(n => n.Title.StartsWith("Removal of") && n.Body == "still flying with us", Ct));
    }

    [Fact]
    public async Task When_one_selected_revocation_was_withdrawn_since_the_page_showed_it_nothing_is_decided()
    {
        var (t, cast, shown) = await SeedAsync();
        await using var _ = t;
        await t.Revocations.CancelAsync(cast.Bob, shown[2].Id, Ct);

        var refused = await t.RefusedAsync(WorkflowError.Conflict, () => t.Revocations.BulkApproveAsync(cast.Carol, shown, null, Ct));

        Assert.Equal("1 of the 3 selected revocations changed or were decided since the page showed them. Reload and try again; nothing was decided.", refused.Message);
        await t.RefusedAsync(WorkflowError.Conflict, () => t.Revocations.BulkRejectAsync(cast.Carol, shown, "keep", Ct));
    }

    [Fact]
    public async Task A_selection_holding_the_approvers_own_removal_request_is_refused_as_a_whole_naming_it()
    {
        var (t, cast, _) = await SeedAsync();
        await using var __ = t;
        var own = await t.Requests.RequestForCharacterAsync(cast.Carol, Cast.CarolMain, Ct);
        await t.Requests.ApproveAsync(cast.Dave, own, 5, null, Ct);
        await t.Revocations.RequestRemovalOfCharacterAsync(cast.Carol, Cast.CarolMain, Ct);
        var shown = await ShownAsync(t, cast);

        var refused = await t.RefusedAsync(WorkflowError.Forbidden, () => t.Revocations.BulkApproveAsync(cast.Carol, shown, null, Ct));

        Assert.Equal("You asked for the removal of Carol Approver yourself: another approver has to approve it. Untick it and try again; nothing was decided.",
            refused.Message);
    }

    [Fact]
    public async Task Members_and_auditors_cannot_decide_revocations_in_bulk()
    {
        var (t, cast, shown) = await SeedAsync();
        await using var _ = t;

        foreach (var account in new[] { cast.Alice, cast.Gina })
        {
            await t.RefusedAsync(WorkflowError.Forbidden, () => t.Revocations.BulkApproveAsync(account, shown, null, Ct));
            await t.RefusedAsync(WorkflowError.Forbidden, () => t.Revocations.BulkRejectAsync(account, shown, "keep", Ct));
        }
        await t.RefusedAsync(WorkflowError.Invalid, () => t.Revocations.BulkRejectAsync(cast.Carol, shown, " ", Ct));
    }
}
