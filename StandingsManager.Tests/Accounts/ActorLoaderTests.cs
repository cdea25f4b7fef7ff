using StandingsManager.Tests.TestSupport;
using StandingsManager.Core.Localization;
using Microsoft.EntityFrameworkCore;
using StandingsManager.Core;
using StandingsManager.Core.Accounts;
using static StandingsManager.Tests.TestSupport.CoreTestDatabase;

namespace StandingsManager.Tests.Accounts;

public sealed class ActorLoaderTests
{
    [Fact]
    public async Task A_plain_account_is_only_a_member()
    {
        await using var t = await CreateAsync();
        var id = await t.AddAccountAsync(1001, "Plain");
        await using var db = t.CreateDbContext();

        var actor = await t.Actors.LoadAsync(db, id, Ct);

        Assert.Equal(id, actor.AccountId);
        Assert.Equal("Plain", actor.Name);
        Assert.Equal([Role.Member], actor.Roles);
    }

    [Fact]
    public async Task Granted_roles_are_added_to_member()
    {
        await using var t = await CreateAsync();
        var id = await t.AddAccountAsync(1001, "Both", Role.Approver, Role.Auditor);
        await using var db = t.CreateDbContext();

        var actor = await t.Actors.LoadAsync(db, id, Ct);

        Assert.Equal(new HashSet<Role> { Role.Member, Role.Approver, Role.Auditor }, actor.Roles);
        Assert.False(actor.Has(Role.Administrator));
    }

    [Fact]
    public async Task Administrator_granted_by_role_row_implies_approver_and_auditor()
    {
        await using var t = await CreateAsync();
        var id = await t.AddAccountAsync(1001, "Granted Admin", Role.Administrator);
        await using var db = t.CreateDbContext();

        var actor = await t.Actors.LoadAsync(db, id, Ct);

        Assert.Equal(new HashSet<Role> { Role.Member, Role.Approver, Role.Auditor, Role.Administrator }, actor.Roles);
    }

    [Fact]
    public async Task A_configured_administrator_character_on_any_position_of_the_account_grants_administrator()
    {
        await using var t = await CreateAsync();
        var id = await t.AddAccountAsync(1001, "Main Without Rights");
        await t.AddCharacterAsync(id, AdminCharacterId, "Configured Alt");
        await using var db = t.CreateDbContext();

        var actor = await t.Actors.LoadAsync(db, id, Ct);

        Assert.Equal("Main Without Rights", actor.Name);
        Assert.Equal(new HashSet<Role> { Role.Member, Role.Approver, Role.Auditor, Role.Administrator }, actor.Roles);
    }

    [Fact]
    public async Task Roles_are_read_at_the_moment_of_acting()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        var id = await t.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceMain, Ct);
        await using (var db = t.CreateDbContext())
        {
            await db.AccountRoles.Where(r => r.AccountId == cast.Carol).ExecuteDeleteAsync(Ct);
        }

        await t.RefusedAsync(WorkflowError.Forbidden, () => t.Requests.ApproveAsync(cast.Carol, id, 5, null, Ct));
    }

    [Fact]
    public async Task A_deactivated_account_is_refused_even_with_roles()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        var id = await t.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceMain, Ct);
        await using (var db = t.CreateDbContext())
        {
            await db.Accounts.Where(a => a.Id == cast.Erin).ExecuteUpdateAsync(s => s.SetProperty(a => a.IsActive, false), Ct);
        }

        var ex = await t.RefusedAsync(WorkflowError.Forbidden, () => t.Requests.ApproveAsync(cast.Erin, id, 5, null, Ct));

        Assert.Equal("Your account is deactivated.", ex.Message);
    }

    [Fact]
    public async Task An_unknown_account_is_refused()
    {
        await using var t = await CreateAsync();
        await using var db = t.CreateDbContext();

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => t.Actors.LoadAsync(db, 12345, Ct));

        Assert.Equal(WorkflowError.Forbidden, ex.Error);
        Assert.Equal("Your account no longer exists. Sign in again.", ex.Message);
    }

    [Fact]
    public async Task The_name_falls_back_to_another_character_when_the_main_is_gone()
    {
        await using var t = await CreateAsync();
        var id = await t.AddAccountAsync(1001, "Main");
        await t.AddCharacterAsync(id, 1002, "Alt");
        await using var db = t.CreateDbContext();
        await db.Accounts.Where(a => a.Id == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.MainCharacterId, 999L), Ct);

        var actor = await t.Actors.LoadAsync(db, id, Ct);

        Assert.Contains(actor.Name, new[] { "Main", "Alt" });
    }

    [Fact]
    public void Effective_roles_combine_grants_and_configuration()
    {
        Assert.Equal([Role.Member], ActorLoader.EffectiveRoles([], [1, 2], [3]));
        Assert.Equal(new HashSet<Role> { Role.Member, Role.Auditor }, ActorLoader.EffectiveRoles([Role.Auditor], [1], []));
        Assert.Equal(new HashSet<Role> { Role.Member, Role.Approver, Role.Auditor, Role.Administrator },
            ActorLoader.EffectiveRoles([], [1, 3], [3]));
    }

    [Fact]
    public void Granted_roles_count_only_with_basic_access_and_settings_administrators_keep_theirs()
    {
        Assert.Empty(ActorLoader.EffectiveRoles([Role.Approver, Role.Auditor, Role.Administrator], [1], [], basicAccess: false));
        Assert.Equal(new HashSet<Role> { Role.Member, Role.Approver, Role.Auditor, Role.Administrator },
            ActorLoader.EffectiveRoles([], [3], [3], basicAccess: false));
    }

    [Fact]
    public async Task A_granted_approver_whose_main_left_the_organisation_loses_the_roles_effect()
    {
        const long homeAlliance = 99_000_001;
        await using var database = await CreateAsync(o =>
        {
            o.Organization.AllianceIds = [homeAlliance];
            o.BasicAccessStates = ["Member", "Blue"];
        });
        var cast = await database.SeedCastAsync();
        await using (var db = database.CreateDbContext())
            await db.Characters.Where(c => c.Id == Cast.CarolMain).ExecuteUpdateAsync(u => u.SetProperty(c => c.AllianceId, homeAlliance), Ct);
        await using (var db = database.CreateDbContext())
            Assert.True((await database.Actors.LoadAsync(db, cast.Carol, Ct)).Has(Role.Approver));

        // What the validator's affiliation refresh writes when she leaves.
        await using (var db = database.CreateDbContext())
            await db.Characters.Where(c => c.Id == Cast.CarolMain).ExecuteUpdateAsync(u => u.SetProperty(c => c.AllianceId, (long?)null), Ct);

        await using var after = database.CreateDbContext();
        var carol = await database.Actors.LoadAsync(after, cast.Carol, Ct);
        Assert.Equal(AccessState.Guest, carol.State);
        Assert.Empty(carol.Roles);
        Assert.True(await after.AccountRoles.AnyAsync(r => r.AccountId == cast.Carol && r.Role == Role.Approver, Ct)); // the grant stays, without effect
        Assert.True((await database.Actors.LoadAsync(after, cast.Erin, Ct)).Has(Role.Administrator)); // a Guest too, but named in the settings
    }

    [Theory]
    [InlineData("en", "You need the Auditor role to read the audit log.")]
    [InlineData("de", "Sie brauchen die Rolle „Prüfer“, um das Prüfprotokoll zu lesen.")]
    public void Require_names_the_missing_role_in_the_readers_language(string culture, string expected)
    {
        var actor = new Actor(1, "Someone", new HashSet<Role> { Role.Member });
        CoreLanguage.Set(culture);

        var ex = Assert.Throws<WorkflowException>(() => actor.Require(Role.Auditor, () => CoreText.Get("Role.Needed.ReadAuditLog")));

        Assert.Equal(WorkflowError.Forbidden, ex.Error);
        Assert.Equal(expected, ex.Message);
    }
}
