using CsCheck;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Sync;

namespace StandingsManager.Tests.Sync;

/// <summary>
/// The planner against random contact lists: personal, labelled, label-lost, overridden, stale ledger rows young and
/// old, desired sets with and without the character itself, small caps, both policies. Each plan is applied to an
/// in-memory EVE and must converge in the fewest calls, leave personal contacts alone, and leave nothing to do after.
/// </summary>
public sealed class SyncPlannerPropertyTests
{
    private const long Org = 1;
    private const long Self = 7;
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly double[] Standings = [-10, -5, 0, 5, 10, 2.5, -7.5];
    private static readonly long[][] OtherLabels = [[], [2], [4], [2, 4]];

    /// <summary>What one id is at the start; see <see cref="Build"/> for the kinds.</summary>
    public sealed record Slot(int Kind, int Standing, int Stale, int Labels, bool Watched, bool Desired, int DesiredStanding, bool Flag);

    public sealed record Scenario(Slot[] Slots, bool Override, int Cap);

    private static readonly Gen<Slot> SlotGen = Gen.Select(Gen.Int[0, 11], Gen.Int[0, 6], Gen.Int[0, 6], Gen.Int[0, 3], Gen.Bool, Gen.Bool,
        Gen.Int[0, 6], Gen.Bool, (k, s, st, l, w, d, ds, f) => new Slot(k, s, st, l, w, d, ds, f));

    private static readonly Gen<Scenario> ScenarioGen = Gen.Select(SlotGen.Array[0, 260], Gen.Bool,
        Gen.OneOf(Gen.Int[3, 80], Gen.Const(SyncPlanner.ContactCap)), (slots, o, cap) => new Scenario(slots, o, cap));

    private static string TypeOf(long id) => (id % 3) switch { 0 => "character", 1 => "corporation", _ => "alliance" };

    private sealed record Built(ContactModel Truth, IReadOnlyList<EsiContact> Read, Dictionary<long, ManagedContact> Ledger,
        List<DesiredContact> Desired, Dictionary<long, int> Kinds, Dictionary<long, ModelContact> Before, Dictionary<long, (double, long[])> Personal);

    /// <summary>
    /// Kinds: 0 nothing; 1 personal; 2 labelled without a row; 3 row Written, old; 4 row Written, young, read stale (absent or
    /// older standing); 5 row Written, old, deleted in game; 6 tombstone young, read may still show it; 7 tombstone old;
    /// 8 label lost in game, row old; 9 taken over (Override row); 10 row Writing, old, landed or not; 11 restore tombstone, young.
    /// </summary>
    private static Built Build(Scenario scenario)
    {
        var truth = new ContactModel(TypeOf, scenario.Cap);
        var read = new Dictionary<long, EsiContact>();
        var ledger = new Dictionary<long, ManagedContact>();
        var desired = new List<DesiredContact>();
        var kinds = new Dictionary<long, int>();
        var personal = new Dictionary<long, (double, long[])>();
        var young = Now.AddSeconds(-60);
        var old = Now.AddHours(-1);
        for (var i = 0; i < scenario.Slots.Length; i++)
        {
            var slot = scenario.Slots[i];
            long id = i + 1;
            var type = TypeOf(id);
            var s = Standings[slot.Standing];
            var stale = Standings[slot.Stale];
            var other = OtherLabels[slot.Labels];
            long[] labelled = [.. other, Org];
            kinds[id] = slot.Kind;
            if (slot.Desired)
                desired.Add(new DesiredContact(id, SyncPlanner.TypeOf(type)!.Value, Standings[slot.DesiredStanding], $"Entity {id}"));

            void Both(double standing, long[] labels) => Contact(standing, labels, true);
            void Contact(double standing, long[] labels, bool inRead)
            {
                truth.Put(new ModelContact(id, type, standing, labels, slot.Watched));
                if (inRead)
                    read[id] = new EsiContact(id, type, standing, labels, slot.Watched);
            }
            void Row(LedgerState state, double standing, long[] labels, DateTimeOffset at, double? ps = null, long[]? pl = null) =>
                ledger[id] = new ManagedContact
                {
                    CharacterId = Self, ContactId = id, ContactType = SyncPlanner.TypeOf(type)!.Value, Standing = standing,
                    LabelIds = SyncPlanner.FormatLabels(labels), Watched = slot.Watched, State = state, WrittenAt = at,
                    OverriddenPersonalStanding = ps, OverriddenPersonalLabelIds = pl is null ? null : SyncPlanner.FormatLabels(pl),
                };

            switch (slot.Kind)
            {
                case 1:
                    Both(s, other);
                    personal[id] = (s, other);
                    break;
                case 2:
                    Both(s, labelled);
                    break;
                case 3:
                    Both(s, labelled);
                    Row(LedgerState.Written, s, labelled, old);
                    break;
                case 4:
                    Contact(s, labelled, false);
                    if (slot.Flag)
                        read[id] = new EsiContact(id, type, stale, other, slot.Watched);
                    Row(slot.Flag ? LedgerState.Writing : LedgerState.Written, s, labelled, young);
                    break;
                case 5:
                    Row(LedgerState.Written, s, [Org], old);
                    break;
                case 6:
                    if (slot.Flag)
                        read[id] = new EsiContact(id, type, s, [Org], slot.Watched);
                    Row(LedgerState.Removed, s, [Org], young);
                    break;
                case 7:
                    Row(LedgerState.Removed, s, [Org], old);
                    break;
                case 8:
                    Both(s, other);
                    Row(LedgerState.Written, s, labelled, old);
                    break;
                case 9:
                    Both(s, labelled);
                    Row(LedgerState.Written, s, labelled, old, stale, other);
                    break;
                case 10:
                    if (slot.Flag)
                        Both(s, [Org]);
                    Row(LedgerState.Writing, s, [Org], old);
                    break;
                case 11:
                    Contact(stale, other, !slot.Flag);
                    if (slot.Flag)
                        read[id] = new EsiContact(id, type, s, labelled, slot.Watched);
                    Row(LedgerState.Removed, s, labelled, young, stale, other);
                    personal[id] = (stale, other);
                    break;
            }
        }
        var before = truth.Contacts.ToDictionary(c => c.Key, c => c.Value);
        return new Built(truth, [.. read.Values.OrderBy(c => c.ContactId)], ledger, desired, kinds, before, personal);
    }

    [Fact]
    public void Plans_converge_in_the_fewest_calls_and_leave_personal_contacts_alone()
    {
        ScenarioGen.Sample(scenario =>
        {
            var built = Build(scenario);
            var policy = scenario.Override ? PersonalContactPolicy.Override : PersonalContactPolicy.Preserve;
            var plan = SyncPlanner.Plan(built.Read, Org, [.. built.Ledger.Values], built.Desired, Self, policy, Now, SyncPlanner.CacheWindow, scenario.Cap);
            Assert.Equal(MinimumCalls(plan), plan.Calls.Count);

            var ledger = built.Ledger;
            LedgerModel.ApplyPlan(ledger, Self, plan, built.Truth, Now);
            var after = built.Truth.Contacts;
            Assert.Empty(built.Truth.Violations);

            var capped = plan.Capped.Select(c => c.Id).ToHashSet();
            var collisions = plan.Collisions.Select(c => c.Id).ToHashSet();
            var wanted = built.Desired.Where(d => d.Id != Self && !capped.Contains(d.Id) && !collisions.Contains(d.Id)).ToDictionary(d => d.Id);
            Assert.True(policy == PersonalContactPolicy.Preserve || collisions.Count == 0);
            Assert.DoesNotContain(Self, capped);

            // Converged: every wanted entry held with its standing and our label, and nothing else carries our label.
            foreach (var d in wanted.Values)
            {
                Assert.True(after.TryGetValue(d.Id, out var held), $"entry {d.Id} missing");
                Assert.Equal(d.Standing, held.Standing);
                Assert.True(held.Has(Org), $"entry {d.Id} lacks the label");
            }
            foreach (var c in after.Values.Where(c => c.Has(Org)))
                Assert.True(wanted.ContainsKey(c.Id), $"contact {c.Id} carries the label but is not wanted");

            // Personal contacts: untouched, unless Override took a colliding one over.
            foreach (var (id, (standing, labels)) in built.Personal)
            {
                if (wanted.ContainsKey(id))
                {
                    Assert.Equal(PersonalContactPolicy.Override, policy);
                    continue;
                }
                Assert.True(after.TryGetValue(id, out var held), $"personal {id} gone");
                Assert.Equal(standing, held.Standing);
                Assert.Equal(labels.Order(), held.Labels.Order());
            }
            foreach (var id in collisions)
                Assert.Equal(built.Before[id], after[id]);
            // Taken-over contacts whose entry went are given back as they were.
            foreach (var row in built.Ledger.Values.Where(r => r.OverriddenPersonalStanding is not null && !wanted.ContainsKey(r.ContactId)))
            {
                if (built.Kinds[row.ContactId] != 9)
                    continue;
                var held = after[row.ContactId];
                Assert.False(held.Has(Org));
            }

            // Cap: nothing added past it, and what stayed out ranks below everything written for an entry.
            if (plan.Contacts(SyncChangeKind.Add).Any())
                Assert.True(after.Count <= scenario.Cap, $"{after.Count} contacts over a cap of {scenario.Cap}");
            var written = wanted.Values.Where(d => built.Kinds[d.Id] is not (1 or 9 or 11)).ToList();
            foreach (var c in plan.Capped)
                Assert.All(written, d => Assert.True(SyncPlanner.Priority(d, c) < 0, $"{c.Id} capped but {d.Id} kept"));

            // Nothing left to do: at once (ledger beats the cached read) and once the cache has expired.
            var again = SyncPlanner.Plan(built.Truth.Read(), Org, [.. ledger.Values], built.Desired, Self, policy, Now, SyncPlanner.CacheWindow, scenario.Cap);
            Assert.Empty(again.Calls);
            var later = SyncPlanner.Plan(built.Truth.Read(), Org, [.. ledger.Values], built.Desired, Self, policy, Now.AddMinutes(10), SyncPlanner.CacheWindow, scenario.Cap);
            Assert.Empty(later.Calls);
        }, iter: 400, threads: 1);
    }

    /// <summary>Σ⌈group/100⌉ over (standing, label set, watched) groups of adds and of edits, plus ⌈deletes/20⌉.</summary>
    private static int MinimumCalls(SyncPlan plan)
    {
        var contacts = plan.Calls.SelectMany(c => c.Contacts.Select(p => (c.Kind, p))).ToList();
        var deletes = contacts.Count(x => x.Kind == ContactCallKind.Delete);
        var groups = contacts.Where(x => x.Kind != ContactCallKind.Delete)
            .GroupBy(x => (x.Kind, x.p.Standing, string.Join(',', x.p.LabelIds.Order()), x.p.Watched));
        foreach (var call in plan.Calls.Where(c => c.Kind != ContactCallKind.Delete))
        {
            // One call, one combination: ESI gives every id of a call the same standing, labels and watch flag.
            foreach (var p in call.Contacts)
            {
                Assert.Equal(call.Standing, p.Standing);
                Assert.Equal(call.Watched, p.Watched);
                Assert.Equal(call.LabelIds.Order().ToArray(), p.LabelIds.Order().ToArray());
            }
        }
        return (deletes + EsiClient.MaxContactsPerDelete - 1) / EsiClient.MaxContactsPerDelete
            + groups.Sum(g => (g.Count() + EsiClient.MaxContactsPerWrite - 1) / EsiClient.MaxContactsPerWrite);
    }

    [Fact]
    public void Adds_go_unwatched_and_edits_keep_the_watch_flag()
    {
        var read = new[]
        {
            new EsiContact(10, "character", 5, [Org], IsWatched: true),
            new EsiContact(11, "character", 5, [Org], IsWatched: false),
        };
        DesiredContact[] desired = [new(10, EntityType.Character, 10, "A"), new(11, EntityType.Character, 10, "B"), new(12, EntityType.Character, 10, "C")];
        var plan = SyncPlanner.Plan(read, Org, [], desired, Self, PersonalContactPolicy.Preserve, Now, SyncPlanner.CacheWindow);
        var add = Assert.Single(plan.Calls, c => c.Kind == ContactCallKind.Add);
        Assert.False(add.Watched);
        var edits = plan.Calls.Where(c => c.Kind == ContactCallKind.Edit).ToList();
        Assert.Equal(2, edits.Count);
        Assert.True(edits.Single(c => c.Contacts[0].Id == 10).Watched);
        Assert.False(edits.Single(c => c.Contacts[0].Id == 11).Watched);
    }
}
