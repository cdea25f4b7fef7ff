using Microsoft.EntityFrameworkCore;
using StandingsManager.Core;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Audit;

namespace StandingsManager.Tests.Accounts;

public sealed class UserAdministrationTests
{
    private static CancellationToken Ct => CoreTestDatabase.Ct;

    private static (UserAdministration Users, RoleChanges Changes) Users(CoreTestDatabase database)
    {
        return (database.Get<UserAdministration>(), database.Get<RoleChanges>());
    }

    private static async Task<IReadOnlySet<Role>> RolesOfAsync(CoreTestDatabase database, int accountId)
    {
        await using var db = database.CreateDbContext();
        return (await database.Actors.LoadAsync(db, accountId, Ct)).Roles;
    }

    [Fact]
    public async Task Granting_a_role_counts_at_once_is_audited_and_tells_the_member()
    {
        await using var database = await CoreTestDatabase.CreateAsync();
        var cast = await database.SeedCastAsync();
        var (users, changes) = Users(database);
        var heard = new List<RoleChange>();
        using var _ = changes.Subscribe(c => { heard.Add(c); return Task.CompletedTask; });
        var versionBefore = changes.Version;

        await users.GrantAsync(cast.Frank, cast.Bob, Role.Approver, "  Covers the EU timezone  ", Ct);

        Assert.Contains(Role.Approver, await RolesOfAsync(database, cast.Bob));
        Assert.Equal([new RoleChange(cast.Bob)], heard);
        Assert.True(changes.Version > versionBefore);
        await using var db = database.CreateDbContext();
        var audit = await db.Audit.SingleAsync(a => a.Action == AuditAction.RoleGranted, Ct);
        Assert.Equal(("Frank Admin", (long?)Cast.BobMain, "Bob Main", "Approver: Covers the EU timezone"), (audit.ActorName, audit.SubjectId, audit.SubjectName, audit.Details));
        var note = await db.Notifications.SingleAsync(n => n.AccountId == cast.Bob, Ct);
        Assert.Equal("You are now an Approver", note.Title);
        Assert.Contains("Covers the EU timezone", note.Body, StringComparison.Ordinal);
        var stored = await db.AccountRoles.SingleAsync(r => r.AccountId == cast.Bob, Ct);
        Assert.Equal(("Frank Admin", CoreTestDatabase.Start), (stored.GrantedByName, stored.GrantedAt));
    }

    [Fact]
    public async Task Withdrawing_a_role_counts_at_once_and_is_audited()
    {
        await using var database = await CoreTestDatabase.CreateAsync();
        var cast = await database.SeedCastAsync();
        var (users, _) = Users(database);

        await users.WithdrawAsync(cast.Frank, cast.Carol, Role.Approver, "Left the team", Ct);

        Assert.DoesNotContain(Role.Approver, await RolesOfAsync(database, cast.Carol));
        await using var db = database.CreateDbContext();
        Assert.Equal("Approver: Left the team", (await db.Audit.SingleAsync(a => a.Action == AuditAction.RoleRevoked, Ct)).Details);
        Assert.Equal("Your Approver role was withdrawn", (await db.Notifications.SingleAsync(n => n.AccountId == cast.Carol, Ct)).Title);
    }

    [Fact]
    public async Task Only_administrators_manage_roles()
    {
        await using var database = await CoreTestDatabase.CreateAsync();
        var cast = await database.SeedCastAsync();
        var (users, _) = Users(database);

        await database.RefusedAsync(WorkflowError.Forbidden, () => users.ListAsync(cast.Carol, null, 0, 25, Ct));
        await database.RefusedAsync(WorkflowError.Forbidden, () => users.GrantAsync(cast.Carol, cast.Carol, Role.Administrator, "Promote myself", Ct));
        await database.RefusedAsync(WorkflowError.Forbidden, () => users.WithdrawAsync(cast.Gina, cast.Carol, Role.Approver, "Auditors cannot", Ct));
        Assert.DoesNotContain(Role.Administrator, await RolesOfAsync(database, cast.Carol));
    }

    [Fact]
    public async Task Needs_a_reason_a_grantable_role_and_a_real_change()
    {
        await using var database = await CoreTestDatabase.CreateAsync();
        var cast = await database.SeedCastAsync();
        var (users, _) = Users(database);

        await database.RefusedAsync(WorkflowError.Invalid, () => users.GrantAsync(cast.Frank, cast.Bob, Role.Auditor, "   ", Ct));
        await database.RefusedAsync(WorkflowError.Invalid, () => users.GrantAsync(cast.Frank, cast.Bob, Role.Member, "Member is a state", Ct));
        await database.RefusedAsync(WorkflowError.Conflict, () => users.GrantAsync(cast.Frank, cast.Carol, Role.Approver, "Again", Ct));
        await database.RefusedAsync(WorkflowError.Conflict, () => users.WithdrawAsync(cast.Frank, cast.Bob, Role.Approver, "Never had it", Ct));
        await database.RefusedAsync(WorkflowError.NotFound, () => users.GrantAsync(cast.Frank, 999, Role.Approver, "Nobody", Ct));
        await using var db = database.CreateDbContext();
        Assert.Empty(await db.Audit.Where(a => a.Action == AuditAction.RoleGranted || a.Action == AuditAction.RoleRevoked).ToListAsync(Ct));
    }

    [Fact]
    public async Task Administrators_from_the_settings_cannot_be_demoted_or_granted_it_again()
    {
        await using var database = await CoreTestDatabase.CreateAsync();
        var cast = await database.SeedCastAsync(); // Erin is an administrator by the settings
        var (users, _) = Users(database);

        var refusal = await database.RefusedAsync(WorkflowError.Invalid, () => users.WithdrawAsync(cast.Frank, cast.Erin, Role.Administrator, "Demote", Ct));
        Assert.Contains("Standings:Administrators", refusal.Message, StringComparison.Ordinal);
        await database.RefusedAsync(WorkflowError.Conflict, () => users.GrantAsync(cast.Frank, cast.Erin, Role.Administrator, "Twice", Ct));
        Assert.Contains(Role.Administrator, await RolesOfAsync(database, cast.Erin));
    }

    [Fact]
    public async Task The_last_administrator_cannot_be_removed()
    {
        await using var database = await CoreTestDatabase.CreateAsync(o => o.Administrators = []);
        var cast = await database.SeedCastAsync(); // Frank is the only administrator now

        var (users, _) = Users(database);
        var refusal = await database.RefusedAsync(WorkflowError.Invalid, () => users.WithdrawAsync(cast.Frank, cast.Frank, Role.Administrator, "Stepping down", Ct));
        Assert.Contains("last administrator", refusal.Message, StringComparison.Ordinal);
        Assert.Contains(Role.Administrator, await RolesOfAsync(database, cast.Frank));

        await users.GrantAsync(cast.Frank, cast.Carol, Role.Administrator, "Successor", Ct);
        await users.WithdrawAsync(cast.Frank, cast.Frank, Role.Administrator, "Stepping down", Ct);
        Assert.DoesNotContain(Role.Administrator, await RolesOfAsync(database, cast.Frank));
    }

    [Fact]
    public async Task A_sold_settings_administrators_character_is_not_another_administrator()
    {
        await using var database = await CoreTestDatabase.CreateAsync();
        var cast = await database.SeedCastAsync(); // Erin by the settings, Frank by a grant
        var (users, _) = Users(database);
        // Erin's listed character is sold: it moves to the buyer's new account, which the settings no longer make an administrator.
        var buyer = await database.SignIn.SignInAsync(
            new(CoreTestDatabase.AdminCharacterId, "Erin Admin", "buyer-hash", ["publicData"], CoreTestDatabase.Start.AddMinutes(20)), Ct);

        var refusal = await database.RefusedAsync(WorkflowError.Invalid, () => users.WithdrawAsync(cast.Frank, cast.Frank, Role.Administrator, "Stepping down", Ct));
        Assert.Contains("last administrator", refusal.Message, StringComparison.Ordinal);
        Assert.Contains(Role.Administrator, await RolesOfAsync(database, cast.Frank));

        // The buyer is an ordinary account: an administrator may grant it Administrator on purpose, and withdraw it again.
        await users.GrantAsync(cast.Frank, buyer, Role.Administrator, "Trusted buyer", Ct);
        Assert.Contains(Role.Administrator, await RolesOfAsync(database, buyer));
        await users.WithdrawAsync(cast.Frank, buyer, Role.Administrator, "Changed my mind", Ct);
        Assert.DoesNotContain(Role.Administrator, await RolesOfAsync(database, buyer));
    }

    [Fact]
    public async Task Two_administrators_withdrawing_each_other_at_once_leave_one()
    {
        await using var database = await CoreTestDatabase.CreateOnFileAsync(o => o.Administrators = []);
        var cast = await database.SeedCastAsync();
        var (users, _) = Users(database);
        await users.GrantAsync(cast.Frank, cast.Carol, Role.Administrator, "Co-administrator", Ct);
        Task? rival = null;
        // Just before Frank's withdrawal of Carol saves, Carol withdraws Frank on another thread, as far as SQLite lets her.
        database.Race.Arm(async () =>
        {
            var starting = database.Transactions.NextStarting();
            rival = Task.Run(() => users.WithdrawAsync(cast.Carol, cast.Frank, Role.Administrator, "Takes over", Ct), Ct);
            await Task.WhenAny(rival, starting);
        });

        await users.WithdrawAsync(cast.Frank, cast.Carol, Role.Administrator, "Takes over", Ct);
        var refusal = await Record.ExceptionAsync(() => rival!);

        // Carol's turn came after Frank's commit: she is no administrator any more, and Frank stays one.
        Assert.Equal(WorkflowError.Forbidden, Assert.IsType<WorkflowException>(refusal).Error);
        Assert.Contains(Role.Administrator, await RolesOfAsync(database, cast.Frank));
        Assert.DoesNotContain(Role.Administrator, await RolesOfAsync(database, cast.Carol));
    }

    [Fact]
    public async Task Lists_accounts_by_main_with_characters_state_and_roles_searchable_by_any_character()
    {
        await using var database = await CoreTestDatabase.CreateAsync();
        var cast = await database.SeedCastAsync();
        var (users, _) = Users(database);

        var all = await users.ListAsync(cast.Frank, null, 0, 25, Ct);
        Assert.Equal(7, all.Total);
        Assert.Equal(["Alice Main", "Bob Main", "Carol Approver", "Dave Approver", "Erin Admin", "Frank Admin", "Gina Auditor"], all.Items.Select(u => u.MainName));
        var alice = all.Items[0];
        Assert.Equal(["Alice Main", "Alice Alt"], alice.Characters);
        var erin = all.Items.Single(u => u.AccountId == cast.Erin);
        Assert.True(erin.ConfiguredAdministrator);
        Assert.Empty(erin.Granted);
        Assert.Contains(Role.Auditor, erin.Effective);
        Assert.Equal([Role.Approver], all.Items.Single(u => u.AccountId == cast.Carol).Granted);

        var byAlt = await users.ListAsync(cast.Frank, "alice alt", 0, 25, Ct);
        Assert.Equal([cast.Alice], byAlt.Items.Select(u => u.AccountId));
        var secondPage = await users.ListAsync(cast.Frank, null, 5, 5, Ct);
        Assert.Equal(7, secondPage.Total);
        Assert.Equal(["Frank Admin", "Gina Auditor"], secondPage.Items.Select(u => u.MainName));
    }
}
