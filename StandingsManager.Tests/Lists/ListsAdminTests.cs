using Microsoft.EntityFrameworkCore;
using StandingsManager.App.Demo;
using StandingsManager.Core;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Sso;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Requests;
using StandingsManager.Core.Revocations;
using StandingsManager.Core.Standings;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Lists;

/// <summary>Creating, editing, disabling, enabling and deleting lists on real SQLite; audience names resolved by the simulated ESI.</summary>
public sealed class ListsAdminTests : IAsyncLifetime
{
    private ListsRig _r = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _r = await ListsRig.CreateAsync();

    public async ValueTask DisposeAsync() => await _r.DisposeAsync();

    private static ListDraft Partner => ListDraft.For(ListSource.Requests) with { Name = "Partner", LabelName = "Partner Blues", Priority = 3 };

    private async Task<List<AuditEntry>> AuditAsync(int listId)
    {
        await using var db = _r.T.CreateDbContext();
        return await db.Audit.AsNoTracking().Where(a => a.ListId == listId).OrderBy(a => a.Id).ToListAsync(Ct);
    }

    [Fact]
    public async Task A_new_list_is_stored_audited_with_its_id_and_published()
    {
        var published = new List<StandingsChange>();
        using var _ = _r.T.Events.Subscribe(c => { published.Add(c); return Task.CompletedTask; });

        var id = await _r.Admin.CreateAsync(_r.Cast.Frank, Partner with { Name = "  Partner ", AudienceStates = ListAudienceStates.Blue }, Ct);

        var list = await _r.ListAsync(id);
        Assert.Equal(("Partner", "Partner Blues", 3, ListAudienceStates.Blue, true), (list.Name, list.LabelName, list.Priority, list.AudienceStates, list.Enabled));
        var row = Assert.Single(await AuditAsync(id));
        Assert.Equal(AuditAction.ListCreated, row.Action);
        Assert.Equal("Frank Admin", row.ActorName);
        Assert.Equal("name: Partner; label: Partner Blues; source: requests; audience: Blue; priority: 3; standing: +5.0", row.Details);
        Assert.Equal([new StandingsChange(StandingsChangeKind.Lists, id)], published);
    }

    [Theory]
    [InlineData("", "L", 1, "Give the list a name.")]
    [InlineData("N", " ", 1, "Give the list its in-game label: the contact label its entries carry on the characters.")]
    [InlineData("N", "12345678901234567890123456789012345678901", 1, "EVE labels have at most 40 characters; \"12345678901234567890123456789012345678901\" has 41.")]
    [InlineData("N", "L", 1001, "Give a priority from 0 to 1000 (higher wins when an entity is on several lists).")]
    [InlineData("N", "L", -1, "Give a priority from 0 to 1000 (higher wins when an entity is on several lists).")]
    public async Task Bad_drafts_are_refused_with_a_message_and_nothing_is_stored(string name, string label, int priority, string message)
    {
        var ex = await Assert.ThrowsAsync<WorkflowException>(() => _r.Admin.CreateAsync(_r.Cast.Frank, Partner with { Name = name, LabelName = label, Priority = priority }, Ct));

        Assert.Equal(message, ex.Message);
        await using var db = _r.T.CreateDbContext();
        Assert.Equal(1, await db.Lists.CountAsync(Ct));
    }

    [Fact]
    public async Task Standing_and_audience_states_must_make_sense()
    {
        var standing = await Assert.ThrowsAsync<WorkflowException>(() => _r.Admin.CreateAsync(_r.Cast.Frank, Partner with { DefaultStanding = 11 }, Ct));
        var audience = await Assert.ThrowsAsync<WorkflowException>(() => _r.Admin.CreateAsync(_r.Cast.Frank, Partner with { AudienceStates = ListAudienceStates.None }, Ct));

        Assert.StartsWith("Default standing: ", standing.Message);
        Assert.Equal("Choose at least one audience state (Member, Blue, Guest): a list no one receives syncs nowhere.", audience.Message);
    }

    [Fact]
    public async Task Names_and_labels_are_unique_ignoring_case_and_spaces_among_lists_not_deleted()
    {
        var id = await _r.Admin.CreateAsync(_r.Cast.Frank, Partner, Ct);

        var label = await Assert.ThrowsAsync<WorkflowException>(() => _r.Admin.CreateAsync(_r.Cast.Frank, Partner with { Name = "Other", LabelName = " partner BLUES " }, Ct));
        var name = await Assert.ThrowsAsync<WorkflowException>(() => _r.Admin.CreateAsync(_r.Cast.Frank, Partner with { Name = "PARTNER", LabelName = "Other" }, Ct));
        var firstLabel = (await _r.ListAsync(StandingsList.FirstListId)).LabelName;
        var first = await Assert.ThrowsAsync<WorkflowException>(() => _r.Admin.CreateAsync(_r.Cast.Frank, Partner with { Name = "Other", LabelName = $" {firstLabel.ToUpperInvariant()}" }, Ct));
        Assert.StartsWith("Another list already uses the label \"partner BLUES\"", label.Message);
        Assert.Equal("Another list is already named \"PARTNER\". Choose another name.", name.Message);
        Assert.StartsWith("Another list already uses the label", first.Message);

        var list = await _r.ListAsync(id);
        await _r.Admin.DeleteAsync(_r.Cast.Frank, id, list.Version, "replaced", Ct);
        Assert.NotEqual(id, await _r.Admin.CreateAsync(_r.Cast.Frank, Partner, Ct));
    }

    [Fact]
    public async Task Audience_corporations_and_alliances_take_names_or_ids_and_refuse_what_EVE_does_not_know()
    {
        var id = await _r.Esi.PumpAsync(_r.Admin.CreateAsync(_r.Cast.Frank, Partner with
        {
            AudienceCorporations = "Demo Holdings, 98000002",
            AudienceAlliances = "Friendly Coalition",
        }, Ct));

        var list = await _r.ListAsync(id);
        Assert.Equal($"{DemoUniverse.HomeCorporationId} 98000002", list.AudienceCorporationIds);
        Assert.Equal("99000002", list.AudienceAllianceIds);

        var unknown = await Assert.ThrowsAsync<WorkflowException>(() => _r.Esi.PumpAsync(
            _r.Admin.CreateAsync(_r.Cast.Frank, Partner with { Name = "Y", LabelName = "Y", AudienceAlliances = "No Such Alliance Here" }, Ct)));
        var wrongKind = await Assert.ThrowsAsync<WorkflowException>(() => _r.Esi.PumpAsync(
            _r.Admin.CreateAsync(_r.Cast.Frank, Partner with { Name = "Y", LabelName = "Y", AudienceAlliances = "98000002" }, Ct)));
        Assert.Equal("EVE knows no alliance named \"No Such Alliance Here\". Give its exact name or its id.", unknown.Message);
        Assert.Equal("98000002 is not an EVE alliance id. Give the alliance's exact name or its id.", wrongKind.Message);
    }

    [Fact]
    public async Task An_edit_is_audited_with_what_changed_and_a_stale_edit_is_refused()
    {
        var id = await _r.Admin.CreateAsync(_r.Cast.Frank, Partner, Ct);
        var version = (await _r.ListAsync(id)).Version;

        await _r.Admin.EditAsync(_r.Cast.Frank, id, version, Partner with { LabelName = "Partner Friends", Priority = 7 }, Ct);

        var edited = (await AuditAsync(id)).Last();
        Assert.Equal(AuditAction.ListEdited, edited.Action);
        Assert.Equal("label: Partner Blues → Partner Friends; priority: 3 → 7", edited.Details);
        var stale = await Assert.ThrowsAsync<WorkflowException>(() => _r.Admin.EditAsync(_r.Cast.Frank, id, version, Partner with { Priority = 9 }, Ct));
        Assert.Equal("Someone else changed this list a moment ago. Reload and try again.", stale.Message);
        Assert.Equal(7, (await _r.ListAsync(id)).Priority);
    }

    [Fact]
    public async Task The_source_is_fixed_after_creation()
    {
        var id = await _r.Admin.CreateAsync(_r.Cast.Frank, Partner, Ct);

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => _r.Admin.EditAsync(_r.Cast.Frank, id, 0, Partner with { Source = ListSource.WarTargets }, Ct));

        Assert.Equal("A list's source cannot change: Partner stays requests. Create a new list for another source.", ex.Message);
    }

    [Fact]
    public async Task A_war_target_list_needs_only_name_label_audience_priority_standing_and_pending_wars()
    {
        var id = await _r.Admin.CreateAsync(_r.Cast.Frank, ListDraft.For(ListSource.WarTargets) with { Name = "War Targets", LabelName = "War Targets", IncludePendingWars = false }, Ct);

        var list = await _r.ListAsync(id);
        Assert.Equal((ListSource.WarTargets, -10.0, false, true), (list.Source, list.DefaultStanding, list.IncludePendingWars, list.IsReadOnly));
    }

    [Fact]
    public async Task Disable_and_enable_are_audited_and_keep_the_entries()
    {
        var id = await _r.Admin.CreateAsync(_r.Cast.Frank, Partner, Ct);
        await AddEntryAsync(id, 98_000_004);

        await _r.Admin.DisableAsync(_r.Cast.Frank, id, 0, Ct);
        Assert.False((await _r.ListAsync(id)).IsActive);
        await _r.Admin.EnableAsync(_r.Cast.Frank, id, 1, Ct);

        Assert.True((await _r.ListAsync(id)).IsActive);
        Assert.Equal([AuditAction.ListCreated, AuditAction.ListDisabled, AuditAction.ListEnabled], (await AuditAsync(id)).Select(a => a.Action));
        await using var db = _r.T.CreateDbContext();
        Assert.Equal(1, await db.Standings.CountAsync(e => e.ListId == id, Ct));
    }

    [Fact]
    public async Task Deleting_removes_the_entries_cancels_what_is_pending_and_keeps_the_row_with_its_reason()
    {
        var id = await _r.Admin.CreateAsync(_r.Cast.Frank, Partner, Ct);
        await AddEntryAsync(id, 98_000_004);
        await AddEntryAsync(id, 98_000_003);
        await AddEntryAsync(StandingsList.FirstListId, 98_000_003);
        await using (var db = _r.T.CreateDbContext())
        {
            db.Requests.Add(new StandingRequest { ListId = id, EntityId = 90_000_004, EntityName = "Mia Member", RequesterAccountId = _r.Cast.Alice, RequesterName = "Alice Main", CreatedAt = _r.Time.GetUtcNow() });
            db.Requests.Add(new StandingRequest { ListId = StandingsList.FirstListId, EntityId = 90_000_004, EntityName = "Mia Member", RequesterAccountId = _r.Cast.Alice, RequesterName = "Alice Main", CreatedAt = _r.Time.GetUtcNow() });
            db.Revocations.Add(new Revocation { ListId = id, EntityId = 98_000_004, EntityName = "Pirate Menace", RequestedByName = "Alice Main", CreatedAt = _r.Time.GetUtcNow() });
            await db.SaveChangesAsync(Ct);
        }

        var missing = await Assert.ThrowsAsync<WorkflowException>(() => _r.Admin.DeleteAsync(_r.Cast.Frank, id, 0, " ", Ct));
        Assert.StartsWith("Give a reason for deleting the list", missing.Message);
        Assert.Equal(2, await _r.Admin.DeleteAsync(_r.Cast.Frank, id, 0, "coalition ended", Ct));

        var list = await _r.ListAsync(id);
        Assert.Equal(("coalition ended", false), (list.DeletedReason, list.IsActive));
        Assert.Equal(_r.Time.GetUtcNow(), list.DeletedAt);
        await using var check = _r.T.CreateDbContext();
        Assert.Equal(0, await check.Standings.CountAsync(e => e.ListId == id, Ct));
        Assert.Equal(1, await check.Standings.CountAsync(e => e.ListId == StandingsList.FirstListId, Ct));
        Assert.Equal(RequestStatus.Cancelled, (await check.Requests.SingleAsync(r => r.ListId == id, Ct)).Status);
        Assert.Equal(RequestStatus.Pending, (await check.Requests.SingleAsync(r => r.ListId == StandingsList.FirstListId, Ct)).Status);
        Assert.Equal(RequestStatus.Cancelled, (await check.Revocations.SingleAsync(r => r.ListId == id, Ct)).Status);
        var row = (await AuditAsync(id)).Last();
        Assert.Equal(AuditAction.ListDeleted, row.Action);
        Assert.Equal("2 entries removed, 1 pending request and 1 pending revocation cancelled. Reason: coalition ended", row.Details);
        Assert.DoesNotContain((await _r.Admin.ListAsync(_r.Cast.Frank, Ct)), r => r.List.Id == id);
    }

    [Fact]
    public async Task The_first_list_cannot_be_deleted()
    {
        var ex = await Assert.ThrowsAsync<WorkflowException>(() => _r.Admin.DeleteAsync(_r.Cast.Frank, StandingsList.FirstListId, 0, "tidy", Ct));

        Assert.Equal($"{(await _r.ListAsync(StandingsList.FirstListId)).Name} is the first list and cannot be deleted. Disable it instead, or edit its name and label.", ex.Message);
    }

    [Fact]
    public async Task Only_administrators_manage_lists()
    {
        var create = await Assert.ThrowsAsync<WorkflowException>(() => _r.Admin.CreateAsync(_r.Cast.Carol, Partner, Ct));
        var disable = await Assert.ThrowsAsync<WorkflowException>(() => _r.Admin.DisableAsync(_r.Cast.Carol, StandingsList.FirstListId, 0, Ct));
        var rows = await Assert.ThrowsAsync<WorkflowException>(() => _r.Admin.ListAsync(_r.Cast.Gina, Ct));

        Assert.All([create, disable, rows], ex => Assert.Equal(WorkflowError.Forbidden, ex.Error));
        Assert.True((await _r.ListAsync(StandingsList.FirstListId)).Enabled);
    }

    [Fact]
    public async Task An_in_game_list_is_read_through_the_administrators_own_character_with_the_scope()
    {
        await _r.LinkAsync(_r.Cast.Alice, ListsRig.Director, EveScopes.AllianceContacts);
        var mirror = ListDraft.For(ListSource.InGameContacts) with { Name = "Mirror", LabelName = "Mirror", MirrorCharacterId = ListsRig.Director };

        var notOwn = await Assert.ThrowsAsync<WorkflowException>(() => _r.Admin.CreateAsync(_r.Cast.Frank, mirror, Ct));
        Assert.Equal("Choose one of your own characters to read the in-game contact list.", notOwn.Message);

        await _r.LinkAsync(_r.Cast.Frank, DemoPersonas.Member, EveScopes.CorporationContacts);
        var noScope = await Assert.ThrowsAsync<WorkflowException>(() => _r.Admin.CreateAsync(_r.Cast.Frank, mirror with { MirrorCharacterId = DemoPersonas.Member }, Ct));
        Assert.Equal("Mia Member has no valid EVE grant of esi-alliances.read_contacts.v1. Grant it on the Standings page (\"Grant access to the in-game list\") and try again.", noScope.Message);

        var id = await _r.Admin.CreateAsync(_r.Cast.Frank, mirror with { MirrorCharacterId = DemoPersonas.Member, MirrorOwner = ContactListOwner.Corporation }, Ct);
        var list = await _r.ListAsync(id);
        Assert.Equal((EntityType.Corporation, DemoUniverse.HomeCorporationId, "Demo Holdings"), (list.MirrorOwnerType!.Value, list.MirrorOwnerId!.Value, list.MirrorOwnerName));
    }

    [Fact]
    public async Task The_readers_are_the_administrators_own_characters_with_what_their_grants_can_read()
    {
        await _r.LinkAsync(_r.Cast.Frank, ListsRig.Director, EveScopes.AllianceContacts);
        await _r.LinkAsync(_r.Cast.Frank, DemoPersonas.Member, EveScopes.CorporationContacts);
        await _r.LinkAsync(_r.Cast.Alice, DemoPersonas.Auditor, EveScopes.AllianceContacts);

        var readers = await _r.Admin.ReadersAsync(_r.Cast.Frank, Ct);

        Assert.Equal([("Abe Approver", true, false), ("Frank Admin", false, false), ("Mia Member", false, true)],
            readers.Select(r => (r.Name, r.CanReadAlliance, r.CanReadCorporation)));
    }

    private async Task AddEntryAsync(int listId, long entityId)
    {
        await using var db = _r.T.CreateDbContext();
        db.Standings.Add(new StandingsEntry { ListId = listId, EntityId = entityId, EntityType = EntityType.Corporation, EntityName = $"Corp {entityId}", Standing = 5, AddedByName = "test", AddedAt = _r.Time.GetUtcNow() });
        await db.SaveChangesAsync(Ct);
    }
}
