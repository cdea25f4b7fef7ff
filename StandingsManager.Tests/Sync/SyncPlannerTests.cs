using System.Diagnostics;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Standings;
using StandingsManager.Core.Sync;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Sync;

public sealed class SyncPlannerTests
{
    private const long Org = 64;
    private const long Self = 7;
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static SyncPlan Plan(IReadOnlyList<EsiContact> read, IReadOnlyList<ManagedContact> ledger, IReadOnlyList<DesiredContact> desired,
        PersonalContactPolicy policy = PersonalContactPolicy.Preserve, int cap = SyncPlanner.ContactCap, DateTimeOffset? readMadeAt = null) =>
        SyncPlanner.Plan(read, Org, ledger, desired, Self, policy, Now, SyncPlanner.CacheWindow, cap, readMadeAt);

    private static ManagedContact Row(long id, LedgerState state, TimeSpan age, double standing = 5) => new()
    {
        CharacterId = Self, ContactId = id, ContactType = EntityType.Character, Standing = standing, LabelIds = $"{Org}", State = state, WrittenAt = Now - age,
    };

    private static DesiredContact Entry(long id, double standing, EntityType type = EntityType.Character) => new(id, type, standing, $"E{id}");

    private static readonly TimeSpan Young = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Old = TimeSpan.FromHours(1);
    /// <summary>A write whose answer never came, two minutes ago: young by ESI's cache window.</summary>
    private static readonly TimeSpan InDoubt = TimeSpan.FromMinutes(2);

    [Fact]
    public void A_young_write_beats_a_read_that_does_not_show_it_yet()
    {
        var plan = Plan([], [Row(10, LedgerState.Written, Young)], [Entry(10, 5)]);
        Assert.Empty(plan.Calls); // no second add of a contact ESI's cache hides
    }

    [Fact]
    public void A_young_write_beats_a_read_with_the_older_standing()
    {
        var plan = Plan([new EsiContact(10, "character", -5, [Org])], [Row(10, LedgerState.Writing, Young, standing: 5)], [Entry(10, 5)]);
        Assert.Empty(plan.Calls);
    }

    [Fact]
    public void A_write_left_in_doubt_is_held_but_not_confirmed_until_a_read_made_after_it_shows_it()
    {
        // The answer never came (an instance killed mid-call): a read made before it, or of unknown age, cannot tell.
        foreach (var madeAt in new DateTimeOffset?[] { null, Now - InDoubt - TimeSpan.FromSeconds(1) })
        {
            var held = Plan([], [Row(10, LedgerState.Writing, InDoubt)], [Entry(10, 5)], readMadeAt: madeAt);
            Assert.Empty(held.Calls); // no second add of a contact ESI's cache may hide
            Assert.Empty(held.LedgerUpserts); // nor is it called written: nothing showed it landed
            Assert.Empty(held.LedgerDrops);
        }

        // A read made after the write could still land shows it: confirmed as written.
        var landed = Plan([new EsiContact(10, "character", 5, [Org])], [Row(10, LedgerState.Writing, InDoubt)], [Entry(10, 5)],
            readMadeAt: Now - InDoubt + SyncPlanner.InFlightWrite + TimeSpan.FromSeconds(1));
        Assert.Empty(landed.Calls);
        Assert.Equal(LedgerState.Written, Assert.Single(landed.LedgerUpserts).State);
    }

    [Fact]
    public void A_write_left_in_doubt_that_a_later_read_does_not_show_never_landed_and_is_sent_again()
    {
        var plan = Plan([], [Row(10, LedgerState.Writing, InDoubt)], [Entry(10, 5)], readMadeAt: Now - InDoubt + SyncPlanner.InFlightWrite + TimeSpan.FromSeconds(1));
        var add = Assert.Single(plan.Calls);
        Assert.Equal((ContactCallKind.Add, 5.0), (add.Kind, add.Standing));
        Assert.Equal([10L], add.Contacts.Select(c => c.Id));
        Assert.Empty(plan.LedgerDrops); // the add's intent replaces the row

        // Made while the write could still be on its way: the ledger holds.
        var early = Plan([], [Row(10, LedgerState.Writing, InDoubt)], [Entry(10, 5)], readMadeAt: Now - InDoubt + SyncPlanner.InFlightWrite - TimeSpan.FromSeconds(1));
        Assert.Empty(early.Calls);
    }

    [Fact]
    public void A_young_tombstone_beats_a_read_that_still_shows_the_contact()
    {
        var plan = Plan([new EsiContact(10, "character", 5, [Org])], [Row(10, LedgerState.Removed, Young)], []);
        Assert.Empty(plan.Calls); // no second delete
        Assert.Empty(plan.LedgerDrops); // the tombstone stays while the cache may lie
    }

    [Fact]
    public void An_old_written_contact_missing_from_the_read_is_re_added_when_desired_and_forgotten_otherwise()
    {
        var readd = Plan([], [Row(10, LedgerState.Written, Old)], [Entry(10, 5)]);
        var add = Assert.Single(readd.Calls);
        Assert.Equal(ContactCallKind.Add, add.Kind);
        Assert.Empty(readd.LedgerDrops); // the add's intent replaces the row

        var forget = Plan([], [Row(10, LedgerState.Written, Old)], []);
        Assert.Empty(forget.Calls);
        Assert.Equal([10L], forget.LedgerDrops);
    }

    [Fact]
    public void Old_tombstones_are_pruned()
    {
        var plan = Plan([], [Row(10, LedgerState.Removed, Old)], []);
        Assert.Empty(plan.Calls);
        Assert.Equal([10L], plan.LedgerDrops);
    }

    [Fact]
    public void A_contact_whose_label_was_lost_in_game_is_still_ours()
    {
        var read = new EsiContact(10, "character", 5, [3]);
        var kept = Plan([read], [Row(10, LedgerState.Written, Old)], [Entry(10, 5)]);
        var call = Assert.Single(kept.Calls);
        Assert.Equal(ContactCallKind.Edit, call.Kind);
        Assert.Equal([3L, Org], call.LabelIds); // the label comes back; the member's own label stays

        var gone = Plan([read], [Row(10, LedgerState.Written, Old)], []);
        Assert.Equal(ContactCallKind.Delete, Assert.Single(gone.Calls).Kind);
    }

    [Fact]
    public void Personal_contacts_are_never_touched_under_preserve_and_collisions_are_reported()
    {
        var plan = Plan([new EsiContact(10, "character", -10, [3]), new EsiContact(11, "character", 5, null)], [], [Entry(10, 5)]);
        Assert.Empty(plan.Calls);
        Assert.Equal([10L], plan.Collisions.Select(c => c.Id));
    }

    [Fact]
    public void Override_takes_a_personal_contact_over_and_remembers_it()
    {
        var plan = Plan([new EsiContact(10, "character", -10, [3], IsWatched: true)], [], [Entry(10, 5)], PersonalContactPolicy.Override);
        var call = Assert.Single(plan.Calls);
        Assert.Equal((ContactCallKind.Edit, 5.0, true), (call.Kind, call.Standing, call.Watched));
        Assert.Equal([3L, Org], call.LabelIds);
        var p = Assert.Single(call.Contacts);
        Assert.Equal(-10, p.OverriddenStanding);
        Assert.Equal([3L], p.OverriddenLabelIds!);
    }

    [Fact]
    public void The_character_itself_is_never_desired()
    {
        var plan = Plan([new EsiContact(Self, "character", 10, [Org])], [], [Entry(Self, 10)]);
        Assert.Equal(ContactCallKind.Delete, Assert.Single(plan.Calls).Kind);
    }

    [Fact]
    public void The_cap_keeps_the_strongest_entries_then_alliances_corporations_characters_then_ids()
    {
        DesiredContact[] desired =
        [
            Entry(1, 5, EntityType.Character), Entry(2, 5, EntityType.Alliance), Entry(3, 5, EntityType.Corporation),
            Entry(4, -10, EntityType.Character), Entry(5, 5, EntityType.Character), Entry(6, 2.5, EntityType.Alliance),
        ];
        var personal = new EsiContact(100, "character", 0, null);
        var plan = Plan([personal], [], desired, cap: 4);
        var added = plan.Calls.SelectMany(c => c.Contacts).Select(c => c.Id).Order().ToArray();
        Assert.Equal([2L, 3L, 4L], added);
        Assert.Equal([1L, 5L, 6L], plan.Capped.Select(c => c.Id));
    }

    [Fact]
    public void Deletes_free_room_before_adds_under_the_cap()
    {
        var read = Enumerable.Range(1, 4).Select(i => new EsiContact(i, "character", 5, [Org])).ToList();
        var plan = Plan(read, [], [Entry(10, 5), Entry(11, 5), Entry(12, 5), Entry(13, 5)], cap: 4);
        Assert.Empty(plan.Capped);
        Assert.Equal([ContactCallKind.Delete, ContactCallKind.Add], plan.Calls.Select(c => c.Kind));
    }

    [Fact]
    public void Calls_respect_esi_limits_and_group_by_standing()
    {
        var desired = Enumerable.Range(1, 250).Select(i => Entry(1000 + i, i % 2 == 0 ? 5 : -5)).ToList();
        var read = Enumerable.Range(1, 45).Select(i => new EsiContact(5000 + i, "character", 5, [Org])).ToList();
        var plan = Plan(read, [], desired);
        Assert.Equal(3, plan.Calls.Count(c => c.Kind == ContactCallKind.Delete)); // 45 = 20 + 20 + 5
        Assert.Equal(4, plan.Calls.Count(c => c.Kind == ContactCallKind.Add)); // 125 + 125, each 100 + 25
        Assert.All(plan.Calls, c => Assert.True(c.Contacts.Count <= (c.Kind == ContactCallKind.Delete ? EsiClient.MaxContactsPerDelete : EsiClient.MaxContactsPerWrite)));
    }

    [Fact]
    public void The_desired_hash_is_order_free_skips_the_character_and_follows_label_and_policy()
    {
        DesiredContact[] a = [Entry(1, 5), Entry(2, -10), Entry(Self, 10)];
        DesiredContact[] b = [Entry(2, -10), Entry(1, 5)];
        var hash = SyncPlanner.DesiredHash(a, Self, "Label", PersonalContactPolicy.Preserve);
        Assert.Equal(hash, SyncPlanner.DesiredHash(b, Self, "Label", PersonalContactPolicy.Preserve));
        Assert.NotEqual(hash, SyncPlanner.DesiredHash(b, Self, "Other", PersonalContactPolicy.Preserve));
        Assert.NotEqual(hash, SyncPlanner.DesiredHash(b, Self, "Label", PersonalContactPolicy.Override));
        Assert.NotEqual(hash, SyncPlanner.DesiredHash([Entry(2, -10), Entry(1, 10)], Self, "Label", PersonalContactPolicy.Preserve));
        Assert.Equal(32, hash.Length);

        var set = new DesiredSet(default, [.. a.OrderBy(e => e.Id)]);
        Assert.Equal(hash, set.HashFor(Self, "Label", PersonalContactPolicy.Preserve));
        Assert.Equal(SyncPlanner.DesiredHash(a, 99, "Label", PersonalContactPolicy.Preserve), set.HashFor(99, "Label", PersonalContactPolicy.Preserve));
    }

    [Fact]
    public async Task The_desired_set_is_loaded_once_until_the_list_changes()
    {
        await using var database = await CoreTestDatabase.CreateAsync();
        var cache = new DesiredSetCache(database.Factory);
        await using (var db = database.CreateDbContext())
        {
            db.Standings.Add(new StandingsEntry { EntityId = 5, EntityName = "Five", Standing = 5, AddedByName = "Seed" });
            await db.SaveChangesAsync(CoreTestDatabase.Ct);
        }
        var first = await cache.GetAsync(CoreTestDatabase.Ct);
        Assert.Same(first, await cache.GetAsync(CoreTestDatabase.Ct));

        await using (var db = database.CreateDbContext())
        {
            var entry = db.Standings.Single();
            entry.Standing = -5; // an edit bumps the row version
            await db.SaveChangesAsync(CoreTestDatabase.Ct);
        }
        var second = await cache.GetAsync(CoreTestDatabase.Ct);
        Assert.NotSame(first, second);
        Assert.Equal(-5, second.ById[5].Standing);
    }
}
