using Bunit;
using Microsoft.EntityFrameworkCore;
using StandingsManager.App.Components.Pages.Users;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Audit;

namespace StandingsManager.Tests.Components;

public sealed class UsersAndRolesTests : PageTestContext
{
    private const long Ada = 9001;
    private const long Pia = 1001;
    private const long Pete = 1002;

    private async Task<(int Admin, int Pia)> SeedAsync()
    {
        var admin = await SeedAccountAsync("Ada Admiral", Ada, Role.Administrator);
        var pia = await SeedAccountAsync("Pia Pilot", Pia);
        await AddCharacterAsync(pia, Pete, "Pete Pirate");
        SignIn(admin, "Ada Admiral", Role.Administrator);
        return (admin, pia);
    }

    [Fact]
    public async Task Lists_accounts_with_characters_and_roles_and_searches_by_character()
    {
        var (admin, pia) = await SeedAsync();
        var cut = RenderPage<UsersAndRoles>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid^=user-]").Count));
        Assert.Contains("Pete Pirate", cut.Find($"[data-testid=user-{pia}]").ParentElement!.TextContent, StringComparison.Ordinal);
        Assert.Single(cut.FindAll($"[data-testid=role-{admin}-Administrator]"));

        cut.ChangeWhenShown("[data-testid=users-search]", "pete");
        cut.WaitForAssertion(() => Assert.Equal([$"user-{pia}"], cut.FindAll("[data-testid^=user-]").Select(e => e.GetAttribute("data-testid"))));
    }

    [Fact]
    public async Task Grant_asks_for_a_reason_and_shows_the_new_role()
    {
        var (_, pia) = await SeedAsync();
        var cut = RenderPage<UsersAndRoles>();
        cut.ClickWhenShown($"[data-testid=grant-{pia}] button");

        cut.ClickWhenShown($"[data-testid=grant-{pia}-Approver]");
        cut.ChangeWhenShown("[data-testid=decide-text]", "Runs the EU queue");
        cut.ClickWhenShown("[data-testid=decide-confirm]");

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll($"[data-testid=role-{pia}-Approver]")));
        await using var db = NewDb();
        Assert.Equal("Approver: Runs the EU queue", (await db.Audit.SingleAsync(a => a.Action == AuditAction.RoleGranted, Ct)).Details);
    }

    [Fact]
    public async Task Withdraw_from_the_role_chip_and_no_withdraw_for_an_administrator_by_the_settings()
    {
        var (admin, pia) = await SeedAsync();
        await using (var db = NewDb())
        {
            db.AccountRoles.Add(new AccountRole { AccountId = pia, Role = Role.Auditor, GrantedAt = Now, GrantedByName = "Seed" });
            await db.SaveChangesAsync(Ct);
        }
        Options.Value.Administrators = [Ada];
        var cut = RenderPage<UsersAndRoles>();
        cut.WaitForElement($"[data-testid=role-{pia}-Auditor]");

        Assert.Single(cut.FindAll($"[data-testid=configured-admin-{admin}]"));
        Assert.Single(cut.FindAll($"[data-testid=role-{admin}-Administrator]"));
        Assert.Empty(cut.FindAll($"[data-testid=role-{admin}-Administrator] .mud-chip-close-button"));

        cut.ClickWhenShown($"[data-testid=role-{pia}-Auditor] .mud-chip-close-button");
        cut.ChangeWhenShown("[data-testid=decide-text]", "Audit finished");
        cut.ClickWhenShown("[data-testid=decide-confirm]");

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll($"[data-testid=role-{pia}-Auditor]")));
        await using var check = NewDb();
        Assert.Empty(await check.AccountRoles.Where(r => r.AccountId == pia).ToListAsync(Ct));
    }

    [Fact]
    public async Task A_non_administrator_gets_the_refusal_not_the_list()
    {
        var approver = await SeedAccountAsync("Carl Approver", 3001, Role.Approver);
        // Claims that say Administrator, a database that does not: the server's check wins.
        SignInClaiming(approver, "Carl Approver", "Member", "Approver", "Administrator");

        var cut = RenderPage<UsersAndRoles>();

        cut.WaitForAssertion(() => Assert.Contains("Administrator role", cut.Markup, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid^=user-]"));
    }

    [Fact]
    public async Task Deactivate_and_reactivate_ask_for_a_reason_and_a_settings_administrator_cannot_be_deactivated()
    {
        var (_, pia) = await SeedAsync();
        var ian = await SeedAccountAsync("Ian Settings", 9002);
        Options.Value.Administrators = [9002];
        var cut = RenderPage<UsersAndRoles>();
        cut.WaitForElement($"[data-testid=deactivate-{pia}]");
        Assert.True(cut.Find($"[data-testid=deactivate-{ian}]").HasAttribute("disabled"));

        cut.ClickWhenShown($"[data-testid=deactivate-{pia}]");
        cut.ChangeWhenShown("[data-testid=decide-text]", "Joined a hostile alliance");
        cut.ClickWhenShown("[data-testid=decide-confirm]");

        cut.WaitForElement($"[data-testid=deactivated-{pia}]");
        await using (var db = NewDb())
        {
            Assert.False((await db.Accounts.SingleAsync(a => a.Id == pia, Ct)).IsActive);
            Assert.Equal("Joined a hostile alliance", (await db.Audit.SingleAsync(a => a.Action == AuditAction.AccountDeactivated, Ct)).Details);
        }

        cut.ClickWhenShown($"[data-testid=reactivate-{pia}]");
        cut.ChangeWhenShown("[data-testid=decide-text]", "Came back");
        cut.ClickWhenShown("[data-testid=decide-confirm]");

        cut.WaitForElement($"[data-testid=deactivate-{pia}]");
        Assert.Empty(cut.FindAll($"[data-testid=deactivated-{pia}]"));
    }
}
