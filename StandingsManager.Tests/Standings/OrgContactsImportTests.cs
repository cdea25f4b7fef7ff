using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using StandingsManager.App.Demo;
using StandingsManager.App.Demo.Esi;
using StandingsManager.Core;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Eve.Sso;
using StandingsManager.Core.Standings;
using StandingsManager.Tests.EsiIntegration;
using StandingsManager.Tests.TestSupport;
using static StandingsManager.Tests.TestSupport.CoreTestDatabase;

namespace StandingsManager.Tests.Standings;

/// <summary>
/// The import from the organisation's in-game contacts on real SQLite, reading the lists over real HTTP from the app's
/// simulated ESI with an administrator's character: Abe Approver's character (Demo Holdings, Demo Alliance) linked to Frank.
/// </summary>
public sealed class OrgContactsImportTests : IAsyncLifetime
{
    private const long Director = DemoPersonas.Approver;
    private const long BeaBlue = DemoPersonas.Blue;
    private const long BobBlue = 90_000_101;
    private const long PirateMenace = 98_000_004;
    private const long FriendlyCoalition = 99_000_002;
    private const long NeutralTraders = 98_000_003;

    private readonly EsiRig _rig = new();
    private readonly ServiceProvider _http = new ServiceCollection().AddHttpClient().BuildServiceProvider();
    private CoreTestDatabase _t = null!;
    private Cast _cast = null!;
    private EveTokenStore _tokens = null!;
    private StandingsImport _import = null!;
    private OrgContactsImport _org = null!;

    public async ValueTask InitializeAsync()
    {
        _t = await CreateAsync();
        _cast = await _t.SeedCastAsync();
        var http = _http.GetRequiredService<IHttpClientFactory>();
        var sso = new UnreachableSso();
        _tokens = new EveTokenStore(_t.Factory, new EphemeralDataProtectionProvider(), new EveSsoClient(http, sso),
            new EveAccessTokenValidator(http, _t.Time), sso, _t.Time, NullLogger<EveTokenStore>.Instance);
        _import = new StandingsImport(_t.Factory, _t.Actors, _rig.Esi, _t.Events, _t.Time);
        _org = new OrgContactsImport(_t.Factory, _t.Actors, _rig.Esi, _tokens, _import, _t.Time);
    }

    public async ValueTask DisposeAsync()
    {
        _tokens.Dispose();
        await _http.DisposeAsync();
        await _t.DisposeAsync();
        await _rig.DisposeAsync();
    }

    private Task LinkAsync(int accountId, long characterId, params string[] scopes) =>
        OrgReaders.LinkAsync(_t, _rig, _tokens, _t.Time, accountId, characterId, scopes);

    /// <summary>The demo's list: Friendly Coalition +10, Pirate Menace -10, Bea Blue +5.</summary>
    private async Task SeedListAsync()
    {
        await _t.Admin.AddAsync(StandingsList.FirstListId, _cast.Frank, FriendlyCoalition, EntityType.Alliance, "Friendly Coalition", 10, "partner", Ct);
        await _t.Admin.AddAsync(StandingsList.FirstListId, _cast.Frank, PirateMenace, EntityType.Corporation, "Pirate Menace", -10, null, Ct);
        await _t.Admin.AddAsync(StandingsList.FirstListId, _cast.Frank, BeaBlue, EntityType.Character, "Bea Blue", 5, null, Ct);
    }

    private static IEnumerable<(long, double?, double?)> Lines(IReadOnlyList<DriftLine> lines) => lines.Select(l => (l.EntityId, l.InGame, l.Ours));

    [Fact]
    public async Task The_alliance_list_previews_like_a_file_and_the_drift_report_shows_both_directions()
    {
        await SeedListAsync();
        await LinkAsync(_cast.Frank, Director, [.. EveScopes.Contacts, EveScopes.AllianceContacts]);

        var read = await _rig.PumpAsync(_org.PreviewAsync(StandingsList.FirstListId, _cast.Frank, ContactListOwner.Alliance, Director, Ct));

        Assert.Equal(new OrgContactSource(ContactListOwner.Alliance, DemoUniverse.HomeAllianceId, "Demo Alliance", Director, "Abe Approver"), read.Source);
        // The faction is left out of the rows: lines 1-3 are Bob Blue, Pirate Menace and Friendly Coalition, in the game's order.
        Assert.Equal(
        [
            (1, ImportAction.Add, BobBlue, "Bob Blue", 5.0, null),
            (2, ImportAction.Update, PirateMenace, "Pirate Menace", -5.0, "standing -10.0 → -5.0"),
            (3, ImportAction.Unchanged, FriendlyCoalition, "Friendly Coalition", 10.0, null),
        ], read.Preview.Rows.Select(r => (r.Line, r.Action, r.EntityId!.Value, r.Name, r.Standing!.Value, r.Message)));
        Assert.Equal("partner", read.Preview.Rows[2].Notes); // no notes column: existing notes stay

        Assert.Equal([(BobBlue, 5.0, null)], Lines(read.Drift.OnlyInGame));
        Assert.Equal([(BeaBlue, null, 5.0)], Lines(read.Drift.OnlyOurs));
        Assert.Equal([(PirateMenace, -5.0, -10.0)], Lines(read.Drift.Different));
        Assert.Equal([(500_001L, 5.0, null)], Lines(read.Drift.NotImportable));
        Assert.Equal("Caldari State", read.Drift.NotImportable[0].Name);
        Assert.False(read.Drift.InStep);
    }

    [Fact]
    public async Task Applying_the_preview_changes_the_list_and_audits_the_source_and_then_the_lists_are_in_step()
    {
        await SeedListAsync();
        await LinkAsync(_cast.Frank, Director, EveScopes.CorporationContacts);
        var read = await _rig.PumpAsync(_org.PreviewAsync(StandingsList.FirstListId, _cast.Frank, ContactListOwner.Corporation, Director, Ct));

        var changed = await _import.ApplyAsync(_cast.Frank, read.Preview, "from game", Ct);

        Assert.Equal(1, changed); // Neutral Traders added; the corporation list agrees with ours on the rest
        await using var db = _t.CreateDbContext();
        Assert.Equal(2.5, (await db.Standings.SingleAsync(e => e.EntityId == NeutralTraders, Ct)).Standing);
        Assert.Equal("Imported from the in-game corporation contacts of Demo Holdings: from game.",
            (await db.Audit.SingleAsync(a => a.Action == AuditAction.EntryAdded && a.SubjectId == NeutralTraders, Ct)).Details);
        var again = await _org.PreviewAsync(StandingsList.FirstListId, _cast.Frank, ContactListOwner.Corporation, Director, Ct);
        Assert.Empty(again.Drift.OnlyInGame);
        Assert.Equal([(BeaBlue, null, 5.0)], Lines(again.Drift.OnlyOurs));
    }

    [Fact]
    public async Task A_list_of_many_pages_becomes_one_row_per_contact()
    {
        _rig.Store.ReplaceOrgContacts(DemoUniverse.HomeAllianceId,
            Enumerable.Range(1, 2100).Select(i => new DemoEsiOrgContact(91_000_000 + i, DemoEsiUniverse.Character, 1, [])));
        await LinkAsync(_cast.Frank, Director, EveScopes.AllianceContacts);

        var read = await _rig.PumpAsync(_org.PreviewAsync(StandingsList.FirstListId, _cast.Frank, ContactListOwner.Alliance, Director, Ct));

        Assert.Equal(2100, read.Preview.Count(ImportAction.Add));
        Assert.Equal(2100, read.Drift.OnlyInGame.Count);
    }

    [Fact]
    public async Task The_sources_are_the_lists_the_administrators_own_characters_granted()
    {
        await LinkAsync(_cast.Frank, Director, [.. EveScopes.OrganisationContacts]);
        await LinkAsync(_cast.Frank, DemoPersonas.Member, EveScopes.CorporationContacts);
        await LinkAsync(_cast.Frank, DemoPersonas.Auditor, EveScopes.Contacts[0]);

        var sources = await _org.SourcesAsync(_cast.Frank, Ct);

        Assert.Equal(
        [
            (ContactListOwner.Alliance, DemoUniverse.HomeAllianceId, "Abe Approver"),
            (ContactListOwner.Corporation, DemoUniverse.HomeCorporationId, "Abe Approver"),
            (ContactListOwner.Corporation, DemoUniverse.HomeCorporationId, "Mia Member"),
        ], sources.Select(s => (s.Owner, s.OrganisationId, s.CharacterName)));
    }

    [Fact]
    public async Task Only_administrators_may_list_sources_or_read_a_list()
    {
        await LinkAsync(_cast.Carol, Director, EveScopes.AllianceContacts);

        var sources = await Assert.ThrowsAsync<WorkflowException>(() => _org.SourcesAsync(_cast.Carol, Ct));
        var preview = await Assert.ThrowsAsync<WorkflowException>(() => _org.PreviewAsync(StandingsList.FirstListId, _cast.Carol, ContactListOwner.Alliance, Director, Ct));

        Assert.Equal(WorkflowError.Forbidden, sources.Error);
        Assert.Equal(WorkflowError.Forbidden, preview.Error);
    }

    [Fact]
    public async Task Another_accounts_character_cannot_be_used()
    {
        await LinkAsync(_cast.Alice, Director, EveScopes.AllianceContacts);

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => _org.PreviewAsync(StandingsList.FirstListId, _cast.Frank, ContactListOwner.Alliance, Director, Ct));

        Assert.Equal(WorkflowError.Forbidden, ex.Error);
    }

    [Fact]
    public async Task A_grant_without_the_lists_scope_is_refused_before_asking_EVE()
    {
        await LinkAsync(_cast.Frank, Director, EveScopes.CorporationContacts);

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => _org.PreviewAsync(StandingsList.FirstListId, _cast.Frank, ContactListOwner.Alliance, Director, Ct));

        Assert.Equal("Abe Approver has not granted esi-alliances.read_contacts.v1. Grant it with \"Grant access to the in-game list\".", ex.Message);
    }

    [Fact]
    public async Task A_character_that_left_the_alliance_is_refused_by_EVE_and_nothing_is_previewed()
    {
        await LinkAsync(_cast.Frank, Director, EveScopes.AllianceContacts);
        _rig.Store.MoveCharacter(Director, NeutralTraders); // our records still say Demo Alliance

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => _rig.PumpAsync(_org.PreviewAsync(StandingsList.FirstListId, _cast.Frank, ContactListOwner.Alliance, Director, Ct)));

        Assert.StartsWith("EVE refused to show Demo Alliance's contacts to Abe Approver (Character is not a member of this alliance).", ex.Message, StringComparison.Ordinal);
    }
}
