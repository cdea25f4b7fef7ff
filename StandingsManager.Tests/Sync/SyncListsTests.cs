using Microsoft.EntityFrameworkCore;
using StandingsManager.Core;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Sync;

namespace StandingsManager.Tests.Sync;

/// <summary>The engine with several lists against the simulated contacts: labels per list, priority, freezing, switches.</summary>
public sealed class SyncListsTests
{
    private const long Pilot = 90000001;
    private const long CoalitionLabel = 65;
    private const long WarLabel = 66;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(SyncRig Rig, int Coalition, int Wars)> ThreeListsAsync()
    {
        var rig = await SyncRig.CreateAsync();
        await rig.AddSyncedAsync(Pilot, "Pia Pilot");
        var coalition = await rig.AddListAsync("Coalition Blues", "Coalition Blues", priority: 150, CoalitionLabel);
        var wars = await rig.AddListAsync("War Targets", "War Targets", priority: 300, WarLabel);
        await rig.AddEntriesAsync((100, 5), (101, 10), (102, 10));
        await rig.AddEntriesAsync(coalition, (101, 5), (200, 10), (201, 5));
        await rig.AddEntriesAsync(wars, (102, -10), (300, -10));
        return (rig, coalition, wars);
    }

    [Fact]
    public async Task Three_lists_merge_by_priority_each_under_its_label_and_a_converged_character_writes_nothing()
    {
        var (rig, coalition, wars) = await ThreeListsAsync();
        await using var _ = rig;

        var report = await rig.RunAsync(Pilot);

        Assert.Equal(SyncStatus.Ok, report.Outcome);
        var contacts = rig.Model.Contacts;
        Assert.Equal(5, contacts[101].Standing); // coalition (priority 150) beats the first list (priority 100)
        Assert.Equal([SyncRig.LabelId, CoalitionLabel], contacts[101].Labels.Order());
        Assert.Equal(-10, contacts[102].Standing); // war targets (priority 300) win
        Assert.Equal([SyncRig.LabelId, WarLabel], contacts[102].Labels.Order());
        Assert.Equal([CoalitionLabel], contacts[200].Labels);
        Assert.Equal([WarLabel], contacts[300].Labels);
        Assert.Equal([SyncRig.LabelId], contacts[100].Labels);
        var ledger = (await rig.LedgerAsync(Pilot)).ToDictionary(r => r.ContactId);
        Assert.Equal($"1 {coalition}", ledger[101].ListIds);
        Assert.Equal($"1 {wars}", ledger[102].ListIds);
        Assert.Equal($"{wars}", ledger[300].ListIds);
        Assert.Empty(rig.Model.Violations);

        // Converged: the next cycles write nothing, at once or after ESI's cache expired.
        var writes = rig.Esi.WriteCalls;
        var again = await rig.RunAsync(Pilot);
        rig.Database.Time.Advance(TimeSpan.FromMinutes(10));
        var later = await rig.RunAsync(Pilot);
        var quiet = await rig.RunAsync(Pilot);
        Assert.Equal(writes, rig.Esi.WriteCalls);
        Assert.Equal((0, 0, 0), (later.Added, later.Updated, later.Removed));
        Assert.True(quiet.Unchanged); // both reads 304 and the same lists: nothing planned at all
        Assert.Equal(SyncStatus.Ok, again.Outcome);

        await using var db = rig.Database.CreateDbContext();
        var statuses = await db.SyncedCharacterLists.AsNoTracking().Where(r => r.CharacterId == Pilot).ToDictionaryAsync(r => r.ListId, r => r.Status, Ct);
        Assert.Equal(SyncListStatus.Ok, statuses[1]);
        Assert.Equal(SyncListStatus.Ok, statuses[coalition]);
        Assert.Equal(SyncListStatus.Ok, statuses[wars]);
    }

    [Fact]
    public async Task Leaving_one_list_keeps_the_contact_another_holds_and_drops_that_list_label()
    {
        var (rig, coalition, wars) = await ThreeListsAsync();
        await using var _ = rig;
        await rig.RunAsync(Pilot);
        await using (var db = rig.Database.CreateDbContext())
        {
            await db.Standings.Where(e => e.ListId == wars && e.EntityId == 102).ExecuteDeleteAsync(Ct);
            await db.Standings.Where(e => e.ListId == coalition && e.EntityId == 200).ExecuteDeleteAsync(Ct);
        }
        rig.Database.Time.Advance(TimeSpan.FromMinutes(10));

        var report = await rig.RunAsync(Pilot);

        Assert.Equal(SyncStatus.Ok, report.Outcome);
        Assert.Equal(10, rig.Model.Contacts[102].Standing); // the first list holds it still, with its own standing
        Assert.Equal([SyncRig.LabelId], rig.Model.Contacts[102].Labels);
        Assert.False(rig.Model.Contacts.ContainsKey(200));
        Assert.Equal("1", (await rig.LedgerAsync(Pilot)).Single(r => r.ContactId == 102).ListIds);
        Assert.Empty(rig.Model.Violations);
    }

    [Fact]
    public async Task A_missing_label_warns_for_that_list_only_keeps_its_contacts_and_the_others_still_sync()
    {
        var (rig, coalition, wars) = await ThreeListsAsync();
        await using var _ = rig;
        await rig.RunAsync(Pilot);
        // The member deletes the coalition label in game: EVE takes it off every contact.
        rig.Esi.Labels.RemoveAll(l => l.Id == CoalitionLabel);
        foreach (var c in rig.Model.Contacts.Values.ToList())
            rig.Model.Put(c with { Labels = [.. c.Labels.Where(l => l != CoalitionLabel)] });
        await rig.AddEntriesAsync(wars, (400, -10));
        await using (var db = rig.Database.CreateDbContext())
            await db.Standings.Where(e => e.ListId == coalition && e.EntityId == 200).ExecuteDeleteAsync(Ct);
        rig.Database.Time.Advance(TimeSpan.FromMinutes(10));

        var report = await rig.RunAsync(Pilot);

        Assert.Equal(SyncStatus.Warning, report.Outcome);
        Assert.StartsWith("Contact label 'Coalition Blues' not found", report.Message, StringComparison.Ordinal);
        Assert.Equal(-10, rig.Model.Contacts[400].Standing); // war targets still sync
        Assert.True(rig.Model.Contacts.ContainsKey(200)); // frozen: not removed while the label is missing
        Assert.True(rig.Model.Contacts.ContainsKey(201));
        await using var check = rig.Database.CreateDbContext();
        var statuses = await check.SyncedCharacterLists.AsNoTracking().Where(r => r.CharacterId == Pilot).ToDictionaryAsync(r => r.ListId, Ct);
        Assert.Equal(SyncListStatus.LabelMissing, statuses[coalition].Status);
        Assert.Equal(SyncListStatus.Ok, statuses[wars].Status);
        Assert.Equal(SyncListStatus.Ok, statuses[1].Status);
    }

    [Fact]
    public async Task A_member_switches_a_list_off_for_a_character_and_its_contacts_go_audited()
    {
        var (rig, coalition, _) = await ThreeListsAsync();
        await using var _ = rig;
        await rig.RunAsync(Pilot);
        var accountId = (await rig.SyncedAsync(Pilot)).AccountId;
        var commands = rig.Commands;

        await commands.SetListAsync(accountId, Pilot, coalition, enabled: false, Ct);
        rig.Database.Time.Advance(TimeSpan.FromMinutes(10));
        await rig.RunAsync(Pilot);

        Assert.False(rig.Model.Contacts.ContainsKey(200));
        Assert.Equal(10, rig.Model.Contacts[101].Standing); // back to the first list's standing
        Assert.Equal([SyncRig.LabelId], rig.Model.Contacts[101].Labels);
        var views = await commands.ListsAsync(accountId, Pilot, Ct);
        Assert.Equal(SyncListStatus.Off, views.Single(v => v.ListId == coalition).Status);
        Assert.Equal(SyncListStatus.Ok, views.Single(v => v.ListId == 1).Status);
        await using (var db = rig.Database.CreateDbContext())
            Assert.Equal(coalition, (await db.Audit.SingleAsync(a => a.Action == AuditAction.SyncListDisabled, Ct)).ListId);

        await commands.SetListAsync(accountId, Pilot, coalition, enabled: true, Ct);
        rig.Database.Time.Advance(TimeSpan.FromMinutes(10));
        await rig.RunAsync(Pilot);
        Assert.Equal(10, rig.Model.Contacts[200].Standing);
        Assert.Empty(rig.Model.Violations);

        // Only the owner switches a character's lists.
        var stranger = await rig.Database.AddAccountAsync(90000077, "Stranger");
        var refused = await Assert.ThrowsAsync<WorkflowException>(() => commands.SetListAsync(stranger, Pilot, coalition, enabled: false, Ct));
        Assert.Contains("your own characters", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_to_one_list_makes_the_characters_receiving_it_due_within_a_minute()
    {
        var (rig, coalition, _) = await ThreeListsAsync();
        await using var _ = rig;
        const long Alt = 90000002;
        await rig.AddSyncedAsync(Alt, "Alt Pilot");
        var far = rig.Database.Time.GetUtcNow().AddHours(5);
        await using (var db = rig.Database.CreateDbContext())
            await db.SyncedCharacters.ExecuteUpdateAsync(u => u.SetProperty(s => s.NextSyncAt, far), Ct);
        var accountId = (await rig.SyncedAsync(Pilot)).AccountId;
        await rig.Commands.SetListAsync(accountId, Pilot, coalition, enabled: false, Ct);
        await using (var db = rig.Database.CreateDbContext())
            await db.SyncedCharacters.ExecuteUpdateAsync(u => u.SetProperty(s => s.NextSyncAt, far), Ct);

        var due = await rig.DueSoon.MakeListDueSoonAsync(coalition, Ct);

        Assert.Equal(1, due); // the pilot switched the list off: only the alt receives it
        Assert.True((await rig.SyncedAsync(Alt)).NextSyncAt <= rig.Database.Time.GetUtcNow().Add(SyncDueSoon.Spread));
        Assert.Equal(far, (await rig.SyncedAsync(Pilot)).NextSyncAt);
        Assert.Contains(rig.Published, e => e is { Kind: SyncEventKind.Queued, CharacterId: Alt });
    }

    [Fact]
    public async Task A_guest_the_operator_lets_in_receives_only_the_lists_that_name_guests()
    {
        await using var rig = await SyncRig.CreateAsync(); // every state has basic access in the rig
        const long Guest = 90000003;
        var accountId = await rig.AddSyncedAsync(Guest, "Gus Guest");
        await using (var db = rig.Database.CreateDbContext())
            await db.Characters.Where(c => c.Id == Guest).ExecuteUpdateAsync(u => u.SetProperty(c => c.AllianceId, (long?)null), Ct);
        var guests = await rig.AddListAsync("Guest Blues", "Guest Blues", priority: 120, CoalitionLabel);
        await using (var db = rig.Database.CreateDbContext())
            await db.Lists.Where(l => l.Id == guests).ExecuteUpdateAsync(u => u.SetProperty(l => l.AudienceStates, ListAudienceStates.Guest), Ct);
        await rig.AddEntriesAsync((100, 5));
        await rig.AddEntriesAsync(guests, (200, 10));

        var report = await rig.RunAsync(Guest);

        Assert.Equal(SyncStatus.Ok, report.Outcome);
        Assert.Equal([200L], rig.Model.Contacts.Keys.Order()); // not the first list: its audience is Member and Blue
        Assert.Equal([CoalitionLabel], rig.Model.Contacts[200].Labels);
        var views = await rig.Commands.ListsAsync(accountId, Guest, Ct);
        Assert.Equal(SyncListStatus.NotInAudience, views.Single(v => v.ListId == 1).Status);
        Assert.Equal(SyncListStatus.Ok, views.Single(v => v.ListId == guests).Status);
    }
}
