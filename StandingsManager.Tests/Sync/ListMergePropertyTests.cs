using CsCheck;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Sync;

namespace StandingsManager.Tests.Sync;

/// <summary>
/// The merged planner against random lists: overlaps, priorities, caps, personal contacts, missing labels, lists that
/// change between cycles. Each cycle's plan is applied to an in-memory EVE; it must hold what the merge says, leave
/// personal contacts and frozen lists alone, never hold the character itself, and leave nothing to do after.
/// </summary>
public sealed class ListMergePropertyTests
{
    private const long Self = 7;
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private static readonly double[] Standings = [-10, -5, 0, 5, 10, 2.5];
    private static readonly long[] PersonalLabels = [2, 4];

    private static long LabelOf(int listId) => 100 + listId;

    private static EntityType TypeOf(long id) => (id % 3) switch { 0 => EntityType.Character, 1 => EntityType.Corporation, _ => EntityType.Alliance };

    private static string EsiType(long id) => (id % 3) switch { 0 => "character", 1 => "corporation", _ => "alliance" };

    private sealed class World
    {
        public required Random Random { get; init; }
        public required ContactModel Truth { get; init; }
        public Dictionary<long, ManagedContact> Ledger { get; } = [];
        public Dictionary<long, ModelContact> Personal { get; } = [];
        public required int Cap { get; init; }
    }

    private static ListInput RandomList(Random random, int listId, bool missing)
    {
        var entries = new List<DesiredContact>();
        var count = random.Next(0, 90);
        for (var i = 0; i < count; i++)
        {
            long id = random.Next(1, 160);
            if (entries.Exists(e => e.Id == id))
                continue;
            entries.Add(new DesiredContact(id, TypeOf(id), Standings[random.Next(Standings.Length)], $"Entity {id}"));
        }
        return new ListInput(listId, random.Next(0, 3), missing ? null : LabelOf(listId), entries, Receives: random.Next(6) > 0);
    }

    [Fact]
    public void Merged_lists_converge_without_flips_and_leave_personal_contacts_and_frozen_lists_alone()
    {
        Gen.Int.Sample(seed =>
        {
            var random = new Random(seed);
            var cap = random.Next(3) == 0 ? random.Next(10, 80) : SyncPlanner.ContactCap;
            var world = new World { Random = random, Truth = new ContactModel(EsiType, cap), Cap = cap };
            // Personal contacts, some of them on the lists too (collisions), never the character itself.
            for (var i = 0; i < random.Next(0, 30); i++)
            {
                long id = random.Next(1, 200);
                if (id == Self)
                    continue;
                var contact = new ModelContact(id, EsiType(id), Standings[random.Next(Standings.Length)],
                    random.Next(2) == 0 ? [] : [PersonalLabels[random.Next(2)]], random.Next(2) == 0);
                world.Truth.Put(contact);
                world.Personal[id] = contact;
            }

            var listCount = random.Next(1, 4);
            var lists = Enumerable.Range(1, listCount).Select(id => RandomList(random, id, missing: false)).ToList();
            Cycle(world, lists, Now);

            // The lists change: entries come and go, priorities move, a label goes missing (the game drops it from contacts).
            var before = world.Truth.Contacts.ToDictionary(c => c.Key, c => c.Value);
            var frozenId = random.Next(2) == 0 ? random.Next(1, listCount + 1) : 0;
            var changed = lists.Select(l => l.ListId == frozenId
                ? l with { LabelId = null }
                : random.Next(2) == 0 ? RandomList(random, l.ListId, missing: false) : l with { Priority = random.Next(0, 3) }).ToList();
            if (frozenId != 0)
            {
                foreach (var c in world.Truth.Contacts.Values.ToList())
                    world.Truth.Put(c with { Labels = [.. c.Labels.Where(l => l != LabelOf(frozenId))] });
                before = world.Truth.Contacts.ToDictionary(c => c.Key, c => c.Value);
            }
            var frozenHeld = frozenId == 0 || !changed.Single(l => l.ListId == frozenId).Receives
                ? []
                : world.Ledger.Values.Where(r => ListMerge.ParseListIds(r.ListIds).Contains(frozenId)).Select(r => r.ContactId).ToHashSet();
            var (merged, plan) = Cycle(world, changed, Now.AddMinutes(20));
            var wanted = merged.Desired.Select(d => d.Id).ToHashSet();
            // A frozen list's contacts stay as they were, unless another list now decides them or the cap pushed them out.
            foreach (var id in frozenHeld.Where(id => !wanted.Contains(id) && !plan.Capped.Any(c => c.Id == id)))
                Assert.Equal(before[id], world.Truth.Contacts[id]);
        }, iter: 300, threads: 1);
    }

    /// <summary>Plans, applies, checks the result against the merge, and checks that two more plans write nothing.</summary>
    private static (MergedLists Merged, SyncPlan Plan) Cycle(World world, List<ListInput> lists, DateTimeOffset now)
    {
        var cap = world.Cap;
        var merged = ListMerge.Merge(lists);
        var plan = SyncPlanner.Plan(world.Truth.Read(), merged, [.. world.Ledger.Values], Self, PersonalContactPolicy.Preserve, now,
            SyncPlanner.CacheWindow, cap);
        LedgerModel.ApplyPlan(world.Ledger, Self, plan, world.Truth, now);
        Assert.Empty(world.Truth.Violations);
        var after = world.Truth.Contacts;
        Assert.False(after.ContainsKey(Self), "the character is its own contact");

        var received = lists.Where(l => l.Receives && l.LabelId is not null).ToList();
        var left = plan.Capped.Concat(plan.Collisions).Select(c => c.Id).ToHashSet();
        foreach (var d in merged.Desired.Where(d => d.Id != Self && !left.Contains(d.Id)))
        {
            var holders = received.Where(l => l.Entries.Any(e => e.Id == d.Id)).ToList();
            var decider = holders.OrderByDescending(l => l.Priority).ThenBy(l => l.ListId).First();
            Assert.True(after.TryGetValue(d.Id, out var held), $"entry {d.Id} missing");
            Assert.Equal(decider.Entries.Single(e => e.Id == d.Id).Standing, held.Standing);
            Assert.Equal(holders.Select(h => h.LabelId!.Value).Order(), held.Labels.Where(l => l >= 100).Order());
            Assert.Equal(ListMerge.FormatListIds(holders.Select(h => h.ListId)), world.Ledger[d.Id].ListIds);
        }
        var wanted = merged.Desired.Select(d => d.Id).Where(id => !left.Contains(id)).ToHashSet();
        // Anything else carrying a list label is gone, unless a frozen list (label missing) wrote it.
        foreach (var c in after.Values.Where(c => c.Labels.Any(l => l >= 100) && !wanted.Contains(c.Id)))
        {
            Assert.True(world.Ledger.TryGetValue(c.Id, out var row) && ListMerge.ParseListIds(row.ListIds).Any(merged.FrozenListIds.Contains),
                $"contact {c.Id} carries a list label but is not wanted");
        }

        foreach (var (id, personal) in world.Personal)
            Assert.Equal(personal, after[id]);

        // The cap is filled by list priority first: nothing capped outranks what was added.
        var added = plan.Contacts(SyncChangeKind.Add).Select(p => merged.Desired.Single(d => d.Id == p.Id)).ToList();
        foreach (var c in plan.Capped.Select(c => merged.Desired.Single(d => d.Id == c.Id)))
        {
            Assert.All(added, a => Assert.True(a.Rank > c.Rank || (a.Rank == c.Rank && SyncPlanner.Priority(a.Contact, c.Contact) < 0),
                $"{c.Id} capped but {a.Id} added"));
        }
        if (plan.Contacts(SyncChangeKind.Add).Any())
            Assert.True(after.Count <= cap);

        // Converged: nothing to write at once, nor once ESI's cache has expired; no flip-flop.
        Assert.Empty(SyncPlanner.Plan(world.Truth.Read(), merged, [.. world.Ledger.Values], Self, PersonalContactPolicy.Preserve, now,
            SyncPlanner.CacheWindow, cap).Calls);
        var later = SyncPlanner.Plan(world.Truth.Read(), merged, [.. world.Ledger.Values], Self, PersonalContactPolicy.Preserve,
            now.AddMinutes(10), SyncPlanner.CacheWindow, cap);
        Assert.Empty(later.Calls);
        LedgerModel.ApplyPlan(world.Ledger, Self, later, world.Truth, now.AddMinutes(10));
        Assert.Empty(SyncPlanner.Plan(world.Truth.Read(), merged, [.. world.Ledger.Values], Self, PersonalContactPolicy.Preserve,
            now.AddMinutes(11), SyncPlanner.CacheWindow, cap).Calls);
        return (merged, plan);
    }
}
