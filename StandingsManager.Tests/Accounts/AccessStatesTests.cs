using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using StandingsManager.Core;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Lists;
using static StandingsManager.Tests.TestSupport.CoreTestDatabase;

namespace StandingsManager.Tests.Accounts;

public sealed class AccessStatesTests
{
    private const long HomeCorp = 98_000_001;
    private const long HomeAlliance = 99_000_001;
    private const long BlueCorp = 98_000_002;

    private static async Task<CoreTestDatabase> CreateWithOrganisationAsync(params string[] basicAccess) =>
        await CreateAsync(o =>
        {
            o.Organization.AllianceIds = [HomeAlliance];
            o.BasicAccessStates = basicAccess;
            o.ScopeRequirements = new() { ["Blue"] = ["esi-characters.read_standings.v1"] };
        });

    private static async Task SetAffiliationAsync(CoreTestDatabase database, long characterId, long corporationId, long? allianceId)
    {
        await using var db = database.CreateDbContext();
        var character = await db.Characters.FindAsync([characterId], Ct);
        character!.CorporationId = corporationId;
        character.AllianceId = allianceId;
        await db.SaveChangesAsync(Ct);
    }

    [Fact]
    public async Task A_main_in_the_home_alliance_is_a_member_with_basic_access()
    {
        await using var database = await CreateWithOrganisationAsync("Member");
        var account = await database.AddAccountAsync(1001, "Homer");
        await SetAffiliationAsync(database, 1001, HomeCorp, HomeAlliance);

        await using var db = database.CreateDbContext();
        var actor = await database.Actors.LoadAsync(db, account, Ct);

        Assert.Equal(AccessState.Member, actor.State);
        Assert.True(actor.Has(Role.Member));
    }

    [Fact]
    public async Task A_main_whose_corporation_holds_a_positive_standing_is_blue()
    {
        await using var database = await CreateWithOrganisationAsync("Member", "Blue");
        var admin = await database.AddAccountAsync(AdminCharacterId, "Erin Admin");
        var account = await database.AddAccountAsync(2001, "Bluebell");
        await SetAffiliationAsync(database, 2001, BlueCorp, null);
        await database.Admin.AddAsync(StandingsList.FirstListId, admin, BlueCorp, EntityType.Corporation, "Blue Corp", 5, null, Ct);

        await using var db = database.CreateDbContext();
        var actor = await database.Actors.LoadAsync(db, account, Ct);

        Assert.Equal(AccessState.Blue, actor.State);
        Assert.True(actor.Has(Role.Member));
    }

    [Fact]
    public async Task A_positive_standing_on_any_active_list_makes_blue_and_one_on_a_disabled_list_does_not()
    {
        await using var database = await CreateWithOrganisationAsync("Member", "Blue");
        var account = await database.AddAccountAsync(2001, "Bluebell");
        await SetAffiliationAsync(database, 2001, BlueCorp, null);
        int coalition;
        await using (var db = database.CreateDbContext())
        {
            coalition = await TestSupport.TestLists.AddAsync(db, "Coalition Blues");
            db.Standings.Add(new Core.Standings.StandingsEntry
            {
                ListId = coalition, EntityId = BlueCorp, EntityType = EntityType.Corporation, EntityName = "Blue Corp", Standing = 5,
                AddedByName = "Seed", AddedAt = Start,
            });
            await db.SaveChangesAsync(Ct);
        }

        await using (var db = database.CreateDbContext())
            Assert.Equal(AccessState.Blue, (await database.Actors.LoadAsync(db, account, Ct)).State);

        await using (var db = database.CreateDbContext())
        {
            await db.Lists.Where(l => l.Id == coalition).ExecuteUpdateAsync(u => u.SetProperty(l => l.Enabled, false), Ct);
            Assert.Equal(AccessState.Guest, (await database.Actors.LoadAsync(db, account, Ct)).State);
        }
    }

    [Fact]
    public async Task A_negative_standing_does_not_make_anyone_blue()
    {
        await using var database = await CreateWithOrganisationAsync("Member", "Blue");
        var admin = await database.AddAccountAsync(AdminCharacterId, "Erin Admin");
        var account = await database.AddAccountAsync(2001, "Reddish");
        await SetAffiliationAsync(database, 2001, BlueCorp, null);
        await database.Admin.AddAsync(StandingsList.FirstListId, admin, BlueCorp, EntityType.Corporation, "Red Corp", -5, null, Ct);

        await using var db = database.CreateDbContext();
        var actor = await database.Actors.LoadAsync(db, account, Ct);

        Assert.Equal(AccessState.Guest, actor.State);
    }

    [Fact]
    public async Task A_guest_without_basic_access_cannot_request_standings()
    {
        await using var database = await CreateWithOrganisationAsync("Member");
        var guest = await database.AddAccountAsync(3001, "Gus Guest");
        await SetAffiliationAsync(database, 3001, 98_000_003, null);

        var refusal = await database.RefusedAsync(WorkflowError.Forbidden, () => database.Requests.RequestForCharacterAsync(guest, 3001, Ct));

        Assert.Contains("Member role", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Granted_roles_count_only_with_basic_access()
    {
        await using var database = await CreateWithOrganisationAsync("Member");
        var approver = await database.AddAccountAsync(3002, "Outside Approver", Role.Approver);

        await using var db = database.CreateDbContext();
        var actor = await database.Actors.LoadAsync(db, approver, Ct);

        Assert.Equal(AccessState.Guest, actor.State);
        Assert.False(actor.Has(Role.Member));
        Assert.False(actor.Has(Role.Approver));
    }

    [Fact]
    public async Task Required_scopes_are_the_contact_scopes_plus_the_states_extras()
    {
        await using var database = await CreateWithOrganisationAsync("Member", "Blue");
        var states = database.States;

        Assert.Equal(["esi-characters.read_contacts.v1", "esi-characters.write_contacts.v1"], states.RequiredScopes(AccessState.Member));
        Assert.Equal(["esi-characters.read_contacts.v1", "esi-characters.write_contacts.v1", "esi-characters.read_standings.v1"], states.RequiredScopes(AccessState.Blue));
    }

    [Fact]
    public void Configured_basic_access_states_replace_the_default_instead_of_adding_to_it()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Standings:BasicAccessStates:0"] = "Member" })
            .Build();
        var options = new StandingsOptions();

        StandingsOptions.Bind(configuration.GetSection("Standings"), options);
        var states = new AccessStates(Microsoft.Extensions.Options.Options.Create(options));

        Assert.Equal(["Member"], options.BasicAccessStates);
        Assert.True(states.HasBasicAccess(AccessState.Member));
        Assert.False(states.HasBasicAccess(AccessState.Blue));
        Assert.False(states.HasBasicAccess(AccessState.Guest));
    }

    [Fact]
    public void Unconfigured_the_default_lets_members_and_blues_in_and_keeps_guests_out()
    {
        var options = new StandingsOptions();
        StandingsOptions.Bind(new ConfigurationBuilder().Build().GetSection("Standings"), options);
        var states = new AccessStates(Microsoft.Extensions.Options.Options.Create(options));

        Assert.Equal(["Member", "Blue"], options.BasicAccessStates);
        Assert.False(states.HasBasicAccess(AccessState.Guest));
    }
}
