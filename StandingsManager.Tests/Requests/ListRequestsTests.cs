using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Localization;
using StandingsManager.Core;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Requests;
using StandingsManager.Core.Revocations;
using StandingsManager.Tests.TestSupport;
using static StandingsManager.Tests.TestSupport.CoreTestDatabase;

namespace StandingsManager.Tests.Requests;

/// <summary>Requests, approvals and revocations per list: two lists, the same entity on both, each decided by itself.</summary>
public sealed class ListRequestsTests
{
    private const int First = StandingsList.FirstListId;

    private static async Task<int> AddListAsync(CoreTestDatabase t, string name, ListSource source = ListSource.Requests, double defaultStanding = 5,
        Action<StandingsList>? configure = null)
    {
        await using var db = t.CreateDbContext();
        return await TestLists.AddAsync(db, name, source, defaultStanding, configure);
    }

    [Fact]
    public async Task The_same_character_is_requested_approved_and_revoked_on_one_list_without_touching_the_other()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        await t.GrantViaRequestAsync(cast, Cast.AliceAlt, standing: 5); // on the first list, the only one so far
        var coalition = await AddListAsync(t, "Coalition Blues", defaultStanding: 7.5);

        // The request on the second list is its own: the standing on the first does not block it.
        var requestId = await t.Requests.RequestForCharacterAsync(coalition, cast.Alice, Cast.AliceAlt, Ct);
        await t.Requests.ApproveAsync(cast.Carol, requestId, null, null, Ct);

        await using (var db = t.CreateDbContext())
        {
            var entries = await db.Standings.AsNoTracking().Where(e => e.EntityId == Cast.AliceAlt).OrderBy(e => e.ListId).ToListAsync(Ct);
            Assert.Equal([(First, 5.0), (coalition, 7.5)], entries.Select(e => (e.ListId, e.Standing))); // the list's default standing
            var approval = await db.Audit.Where(a => a.Action == AuditAction.RequestApproved).OrderBy(a => a.Id).Select(a => a.ListId).ToListAsync(Ct);
            Assert.Equal([First, coalition], approval);
            Assert.Equal(coalition, (await db.Audit.Where(a => a.Action == AuditAction.RequestCreated).OrderBy(a => a.Id).LastAsync(Ct)).ListId);
            // With two lists, the requester is told which.
            Assert.Contains(await db.Notifications.Where(n => n.AccountId == cast.Alice).Select(n => n.Title).ToListAsync(Ct),
                title => title == "Standing approved for Alice Alt on Coalition Blues: +7.5");
        }

        // Removal on the second list removes only that entry.
        var revocationId = await t.Revocations.RequestRemovalOfCharacterAsync(coalition, cast.Alice, Cast.AliceAlt, Ct);
        Assert.Equal(coalition, (await t.RevocationAsync(revocationId)).ListId);
        await t.Revocations.ApproveAsync(cast.Carol, revocationId, null, Ct);

        await using (var db = t.CreateDbContext())
        {
            var left = await db.Standings.AsNoTracking().Where(e => e.EntityId == Cast.AliceAlt).Select(e => e.ListId).ToListAsync(Ct);
            Assert.Equal([First], left);
            Assert.Equal(coalition, (await db.Audit.SingleAsync(a => a.Action == AuditAction.RevocationApproved, Ct)).ListId);
        }
    }

    [Fact]
    public async Task One_pending_request_per_list_and_entity()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        var coalition = await AddListAsync(t, "Coalition Blues");

        await t.Requests.RequestForCharacterAsync(First, cast.Alice, Cast.AliceMain, Ct);
        var again = await Assert.ThrowsAsync<WorkflowException>(() => t.Requests.RequestForCharacterAsync(First, cast.Alice, Cast.AliceMain, Ct));
        Assert.Equal(WorkflowError.Conflict, again.Error);
        Assert.Contains("already pending", again.Message, StringComparison.Ordinal);

        await t.Requests.RequestForCharacterAsync(coalition, cast.Alice, Cast.AliceMain, Ct);
        var queue = (await t.Queries.PendingRequestsAsync(cast.Carol, null, 0, 25, Ct)).Items;
        Assert.Equal([("X", First), ("Coalition Blues", coalition)], queue.Select(r => (r.ListName, r.ListId)));
        // The filter shows one list's requests.
        var filtered = (await t.Queries.PendingRequestsAsync(cast.Carol, coalition, 0, 25, Ct)).Items;
        Assert.Equal(coalition, Assert.Single(filtered).ListId);
    }

    [Fact]
    public async Task A_member_may_request_only_on_lists_whose_audience_reaches_them()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        var partner = await AddListAsync(t, "Partner", configure: l => l.AudienceAllianceIds = "99000777");
        var bluesOnly = await AddListAsync(t, "Blues only", configure: l => l.AudienceStates = ListAudienceStates.Blue);
        var home = await AddListAsync(t, "Home", configure: l => { l.AudienceAllianceIds = HomeAllianceId.ToString(System.Globalization.CultureInfo.InvariantCulture); l.Priority = 500; });
        await AddListAsync(t, "Disabled", configure: l => l.Enabled = false);
        await AddListAsync(t, "War Targets", ListSource.WarTargets, -10);

        var lists = await t.Requests.RequestableListsAsync(cast.Alice, Ct);
        Assert.Equal(["Home", "X"], lists.Select(l => l.Name)); // highest priority first; narrowed, blue-only, disabled and read-only lists left out

        var refused = await Assert.ThrowsAsync<WorkflowException>(() => t.Requests.RequestForCharacterAsync(partner, cast.Alice, Cast.AliceMain, Ct));
        Assert.Equal(WorkflowError.Forbidden, refused.Error);
        Assert.Contains("Partner is not for you", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<WorkflowException>(() => t.Requests.RequestForCharacterAsync(bluesOnly, cast.Alice, Cast.AliceMain, Ct));

        // Without a list, the member must choose when there are several.
        var choose = await Assert.ThrowsAsync<WorkflowException>(() => t.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceMain, Ct));
        Assert.Equal("Choose the list to request on: Home, X.", choose.Message);
        await t.Requests.RequestForCharacterAsync(home, cast.Alice, Cast.AliceMain, Ct);
        await using var db = t.CreateDbContext();
        Assert.Equal(home, (await db.Requests.SingleAsync(Ct)).ListId);
        Assert.Equal(0, await db.Requests.CountAsync(r => r.ListId == partner || r.ListId == bluesOnly, Ct));
    }

    [Fact]
    public async Task Read_only_disabled_and_deleted_lists_refuse_requests_with_the_reason()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        var wars = await AddListAsync(t, "War Targets", ListSource.WarTargets, -10);
        var disabled = await AddListAsync(t, "Old Blues", configure: l => l.Enabled = false);
        var deleted = await AddListAsync(t, "Gone", configure: l => l.DeletedAt = Start);

        var readOnly = await Assert.ThrowsAsync<WorkflowException>(() => t.Requests.RequestForCharacterAsync(wars, cast.Alice, Cast.AliceMain, Ct));
        Assert.Equal(WorkflowError.Invalid, readOnly.Error);
        Assert.Equal("War Targets is written by its source (war targets): it takes no requests.", readOnly.Message);
        var off = await Assert.ThrowsAsync<WorkflowException>(() => t.Requests.RequestForCharacterAsync(disabled, cast.Alice, Cast.AliceMain, Ct));
        Assert.Contains("Old Blues is disabled", off.Message, StringComparison.Ordinal);
        var gone = await Assert.ThrowsAsync<WorkflowException>(() => t.Requests.RequestForCharacterAsync(deleted, cast.Alice, Cast.AliceMain, Ct));
        Assert.Contains("Gone was deleted", gone.Message, StringComparison.Ordinal);

        // A source-written entry cannot be asked away either.
        await using (var db = t.CreateDbContext())
        {
            db.Standings.Add(new Core.Standings.StandingsEntry
            {
                ListId = wars, EntityId = Cast.AliceMain, EntityType = Core.Eve.EntityType.Character, EntityName = "Alice Main", Standing = -10,
                AddedByName = "System", AddedAt = Start,
            });
            await db.SaveChangesAsync(Ct);
        }
        var removal = await Assert.ThrowsAsync<WorkflowException>(() => t.Revocations.RequestRemovalOfCharacterAsync(wars, cast.Alice, Cast.AliceMain, Ct));
        Assert.Contains("written by its source", removal.Message, StringComparison.Ordinal);

        await using var check = t.CreateDbContext();
        Assert.Equal(0, await check.Requests.CountAsync(Ct));
        Assert.Equal(0, await check.Revocations.CountAsync(Ct));
    }

    [Fact]
    public async Task A_request_on_a_list_disabled_since_cannot_be_approved_but_can_be_rejected()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        var coalition = await AddListAsync(t, "Coalition Blues");
        var requestId = await t.Requests.RequestForCharacterAsync(coalition, cast.Alice, Cast.AliceMain, Ct);
        await using (var db = t.CreateDbContext())
            await db.Lists.Where(l => l.Id == coalition).ExecuteUpdateAsync(u => u.SetProperty(l => l.Enabled, false), Ct);

        var refused = await Assert.ThrowsAsync<WorkflowException>(() => t.Requests.ApproveAsync(cast.Carol, requestId, 5, null, Ct));
        Assert.Contains("Coalition Blues is disabled", refused.Message, StringComparison.Ordinal);
        Assert.Equal(RequestStatus.Pending, (await t.RequestAsync(requestId)).Status);

        await t.Requests.RejectAsync(cast.Carol, requestId, "List retired", Ct);
        Assert.Equal(RequestStatus.Rejected, (await t.RequestAsync(requestId)).Status);
    }

    [Fact]
    public async Task Bulk_approval_adds_each_entry_to_its_own_list()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        var coalition = await AddListAsync(t, "Coalition Blues");
        await t.Requests.RequestForCharacterAsync(First, cast.Alice, Cast.AliceMain, Ct);
        await t.Requests.RequestForCharacterAsync(coalition, cast.Alice, Cast.AliceMain, Ct);
        await t.Requests.RequestForCharacterAsync(coalition, cast.Alice, Cast.AliceAlt, Ct);

        var selected = (await t.Queries.PendingRequestsAsync(cast.Carol, null, 0, 25, Ct)).Items.Select(r => r.Ref).ToList();
        Assert.Equal(3, await t.Requests.BulkApproveAsync(cast.Carol, selected, 3, null, Ct));

        await using var db = t.CreateDbContext();
        var entries = await db.Standings.AsNoTracking().OrderBy(e => e.ListId).ThenBy(e => e.EntityId).Select(e => new { e.ListId, e.EntityId }).ToListAsync(Ct);
        Assert.Equal([(First, Cast.AliceMain), (coalition, Cast.AliceMain), (coalition, Cast.AliceAlt)], entries.Select(e => (e.ListId, e.EntityId)));
    }

    [Fact]
    public async Task Revocation_queue_shows_and_filters_by_list_and_system_revocations_follow_the_entry_list()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        var coalition = await AddListAsync(t, "Coalition Blues");
        await t.Requests.ApproveAsync(cast.Carol, await t.Requests.RequestForCharacterAsync(First, cast.Alice, Cast.AliceAlt, Ct), 5, null, Ct);
        await t.Requests.ApproveAsync(cast.Carol, await t.Requests.RequestForCharacterAsync(coalition, cast.Alice, Cast.AliceAlt, Ct), 5, null, Ct);

        // Deactivating Alice files a system revocation for each list's entry.
        await t.Get<AccountDeactivation>().DeactivateAsync(cast.Frank, cast.Alice, "Left for another coalition", Ct);

        var all = (await t.Queries.PendingRevocationsAsync(cast.Carol, null, 0, 25, Ct)).Items;
        Assert.Equal([("X", 5.0), ("Coalition Blues", 5.0)], all.Select(r => (r.ListName, r.Standing ?? 0)));
        var one = Assert.Single((await t.Queries.PendingRevocationsAsync(cast.Carol, coalition, 0, 25, Ct)).Items);
        Assert.Equal(coalition, one.ListId);
        await using (var db = t.CreateDbContext())
        {
            var audit = await db.Audit.Where(a => a.Action == AuditAction.RevocationCreated).OrderBy(a => a.Id).Select(a => a.ListId).ToListAsync(Ct);
            Assert.Equal([First, coalition], audit);
            Assert.Contains(await db.OutboundAlerts.Select(a => a.Title).ToListAsync(Ct), title => title == "System revocation: Alice Alt (Coalition Blues)");
        }

        // Approving one list's revocation leaves the other list's entry.
        await t.Revocations.ApproveAsync(cast.Carol, one.Id, null, Ct);
        await using var check = t.CreateDbContext();
        Assert.Equal([First], await check.Standings.Where(e => e.EntityId == Cast.AliceAlt).Select(e => e.ListId).ToListAsync(Ct));
    }

    [Fact]
    public async Task Decidable_lists_are_the_request_lists_not_deleted()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        await AddListAsync(t, "Coalition Blues", configure: l => l.Priority = 500); // the first list has 100
        await AddListAsync(t, "War Targets", ListSource.WarTargets, -10);
        await AddListAsync(t, "Gone", configure: l => l.DeletedAt = Start);

        var lists = await t.Requests.DecidableListsAsync(cast.Carol, Ct);
        Assert.Equal(["Coalition Blues", "X"], lists.Select(l => l.Name));
        var members = await Assert.ThrowsAsync<WorkflowException>(() => t.Requests.DecidableListsAsync(cast.Alice, Ct));
        Assert.Equal(WorkflowError.Forbidden, members.Error);
    }

    [Fact]
    public async Task Releasing_a_character_files_a_system_revocation_on_each_request_list_and_none_on_a_source_written_one()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        var coalition = await AddListAsync(t, "Coalition Blues");
        var wars = await AddListAsync(t, "War Targets", ListSource.WarTargets, -10);
        await t.Requests.ApproveAsync(cast.Carol, await t.Requests.RequestForCharacterAsync(First, cast.Alice, Cast.AliceAlt, Ct), 5, null, Ct);
        await t.Requests.ApproveAsync(cast.Carol, await t.Requests.RequestForCharacterAsync(coalition, cast.Alice, Cast.AliceAlt, Ct), 5, null, Ct);
        await using (var db = t.CreateDbContext())
        {
            db.Standings.Add(new Core.Standings.StandingsEntry
            {
                ListId = wars, EntityId = Cast.AliceAlt, EntityType = Core.Eve.EntityType.Character, EntityName = "Alice Alt", Standing = -10,
                AddedByName = "System", AddedAt = Start,
            });
            await db.SaveChangesAsync(Ct);
        }

        // As when the character is sold or removed: released in one unit of work.
        await using (var db = t.CreateDbContext())
        {
            var character = await db.Characters.SingleAsync(c => c.Id == Cast.AliceAlt, Ct);
            await CharacterRelease.ReleaseAsync(db, character, SystemRevocationReason.CharacterTransferred, Phrase.AsWritten("The character changed hands"), null, Start, Ct);
            await db.SaveChangesAsync(Ct);
        }

        await using var check = t.CreateDbContext();
        var revocations = await check.Revocations.AsNoTracking().OrderBy(r => r.ListId).ToListAsync(Ct);
        Assert.Equal([First, coalition], revocations.Select(r => r.ListId));
        Assert.All(revocations, r => Assert.Equal(RevocationSource.System, r.Source));
    }
}
