using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Sync;

namespace StandingsManager.Tests.Sync;

public sealed record ModelContact(long Id, string Type, double Standing, long[] Labels, bool Watched)
{
    public bool Has(long label) => Array.IndexOf(Labels, label) >= 0;

    // Labels are a set: compare them as one, not by array reference.
    public bool Equals(ModelContact? other) =>
        other is not null && Id == other.Id && Type == other.Type && Standing.Equals(other.Standing) && Watched == other.Watched &&
        Labels.Order().SequenceEqual(other.Labels.Order());

    public override int GetHashCode() => HashCode.Combine(Id, Type, Standing, Watched, Labels.Length);
}

/// <summary>
/// One character's contact list as EVE keeps it, with ESI's write rules: POST creates only ids that are not contacts
/// yet (and reports those), PUT edits, DELETE removes, all ids of a call get the same standing, labels and watch flag.
/// Anything a correct sync never does (add an existing contact, edit or delete a missing one, exceed the per-call
/// limits) is recorded as a violation instead of being silently absorbed.
/// </summary>
public sealed class ContactModel(Func<long, string> typeOf, int cap = SyncPlanner.ContactCap)
{
    public Dictionary<long, ModelContact> Contacts { get; } = [];
    public List<string> Violations { get; } = [];
    public int Version { get; private set; }
    public int Writes { get; private set; }

    public void Put(ModelContact contact) => Contacts[contact.Id] = contact;

    public IReadOnlyList<EsiContact> Read() =>
        [.. Contacts.Values.OrderBy(c => c.Id).Select(c => new EsiContact(c.Id, c.Type, c.Standing, c.Labels, c.Watched))];

    public IReadOnlyList<long> Add(IReadOnlyCollection<long> ids, double standing, long[] labels, bool watched)
    {
        Writes++;
        if (ids.Count is < 1 or > EsiClient.MaxContactsPerWrite)
            Violations.Add($"POST with {ids.Count} ids");
        var created = new List<long>();
        foreach (var id in ids)
        {
            if (Contacts.ContainsKey(id))
            {
                Violations.Add($"POST of existing contact {id}");
                continue;
            }
            if (Contacts.Count >= cap)
                continue; // EVE refuses past its cap: not created
            Contacts[id] = new ModelContact(id, typeOf(id), standing, [.. labels], watched);
            created.Add(id);
        }
        Version++;
        return created;
    }

    public void Edit(IReadOnlyCollection<long> ids, double standing, long[] labels, bool watched)
    {
        Writes++;
        if (ids.Count is < 1 or > EsiClient.MaxContactsPerWrite)
            Violations.Add($"PUT with {ids.Count} ids");
        foreach (var id in ids)
        {
            if (!Contacts.TryGetValue(id, out var existing))
            {
                Violations.Add($"PUT of missing contact {id}");
                continue;
            }
            Contacts[id] = existing with { Standing = standing, Labels = [.. labels], Watched = watched };
        }
        Version++;
    }

    public void Delete(IReadOnlyCollection<long> ids)
    {
        Writes++;
        if (ids.Count is < 1 or > EsiClient.MaxContactsPerDelete)
            Violations.Add($"DELETE with {ids.Count} ids");
        foreach (var id in ids)
        {
            if (!Contacts.Remove(id))
                Violations.Add($"DELETE of missing contact {id}");
        }
        Version++;
    }

    /// <summary>Applies one planned call as ESI would and returns the ids that landed.</summary>
    public IReadOnlyCollection<long> Apply(PlannedCall call)
    {
        var ids = call.Contacts.Select(c => c.Id).ToArray();
        switch (call.Kind)
        {
            case ContactCallKind.Delete:
                Delete(ids);
                return ids;
            case ContactCallKind.Add:
                return Add(ids, call.Standing, call.LabelIds, call.Watched);
            default:
                Edit(ids, call.Standing, call.LabelIds, call.Watched);
                return ids;
        }
    }
}

/// <summary>An in-memory ledger run through the same transitions the engine saves.</summary>
public static class LedgerModel
{
    public static void ApplyPlan(Dictionary<long, ManagedContact> ledger, long characterId, SyncPlan plan, ContactModel model, DateTimeOffset now)
    {
        foreach (var id in plan.LedgerDrops)
            ledger.Remove(id);
        foreach (var row in plan.LedgerUpserts)
            ledger[row.ContactId] = Copy(row);
        foreach (var call in plan.Calls)
        {
            foreach (var p in call.Contacts)
                ledger[p.Id] = LedgerTransitions.Intent(ledger.GetValueOrDefault(p.Id), characterId, p, now);
            var landed = model.Apply(call).ToHashSet();
            foreach (var p in call.Contacts)
            {
                if (!LedgerTransitions.Outcome(ledger[p.Id], p, landed.Contains(p.Id), now))
                    ledger.Remove(p.Id);
            }
        }
    }

    public static ManagedContact Copy(ManagedContact row) => new()
    {
        CharacterId = row.CharacterId,
        ContactId = row.ContactId,
        ContactType = row.ContactType,
        Standing = row.Standing,
        LabelIds = row.LabelIds,
        ListIds = row.ListIds,
        Watched = row.Watched,
        State = row.State,
        WrittenAt = row.WrittenAt,
        OverriddenPersonalStanding = row.OverriddenPersonalStanding,
        OverriddenPersonalLabelIds = row.OverriddenPersonalLabelIds,
    };
}
