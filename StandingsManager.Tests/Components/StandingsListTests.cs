using Bunit;
using Microsoft.EntityFrameworkCore;
using StandingsManager.App.Components.Pages.Standings;
using StandingsManager.Core;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve;

namespace StandingsManager.Tests.Components;

public sealed class StandingsListTests : PageTestContext
{
    private const long Pilot = 1001;
    private const long Corp = 98000001;

    private async Task SeedEntriesAsync()
    {
        await SeedEntryAsync(Pilot, "Pia Pilot", 7.5);
        await SeedEntryAsync(Corp, "Friendly Corp", -5, EntityType.Corporation);
    }

    private async Task SignInAsync(params Role[] roles)
    {
        var account = await SeedAccountAsync("Staff Member", 3001, roles);
        SignIn(account, "Staff Member", roles);
    }

    private static void AssertEntriesListed(IRenderedComponent<Bunit.Rendering.ContainerFragment> cut) =>
        cut.WaitForAssertion(() =>
        {
            Assert.Equal("Pia Pilot", cut.Find($"[data-testid=entry-{Pilot}]").TextContent.Trim());
            Assert.Equal("Friendly Corp", cut.Find($"[data-testid=entry-{Corp}]").TextContent.Trim());
        });

    private static void AssertNoAdminButtons(IRenderedComponent<Bunit.Rendering.ContainerFragment> cut)
    {
        Assert.Empty(cut.FindAll("[data-testid=add-entry]"));
        Assert.Empty(cut.FindAll("[data-testid^=edit-]"));
        Assert.Empty(cut.FindAll("[data-testid^=delete-]"));
    }

    [Fact]
    public async Task Approver_sees_entries_and_history_but_no_admin_buttons()
    {
        await SeedEntriesAsync();
        await SignInAsync(Role.Approver);

        var cut = RenderPage<StandingsList>();

        AssertEntriesListed(cut);
        Assert.Single(cut.FindAll($"[data-testid=history-{Pilot}]"));
        Assert.Single(cut.FindAll($"[data-testid=history-{Corp}]"));
        AssertNoAdminButtons(cut);
        Assert.Empty(cut.FindAll("[data-testid=standings-empty]"));
    }

    [Fact]
    public async Task Auditor_sees_entries_without_admin_buttons()
    {
        await SeedEntriesAsync();
        await SignInAsync(Role.Auditor);

        var cut = RenderPage<StandingsList>();

        AssertEntriesListed(cut);
        Assert.Single(cut.FindAll($"[data-testid=history-{Pilot}]"));
        AssertNoAdminButtons(cut);
    }

    [Fact]
    public async Task Administrator_sees_add_edit_and_delete()
    {
        await SeedEntriesAsync();
        await SignInAsync(Role.Administrator);

        var cut = RenderPage<StandingsList>();

        AssertEntriesListed(cut);
        Assert.Single(cut.FindAll("[data-testid=add-entry]"));
        foreach (var id in new[] { Pilot, Corp })
        {
            Assert.Single(cut.FindAll($"[data-testid=history-{id}]"));
            Assert.Single(cut.FindAll($"[data-testid=edit-{id}]"));
            Assert.Single(cut.FindAll($"[data-testid=delete-{id}]"));
        }
    }

    [Fact]
    public async Task Entry_values_are_shown_as_eve_standings()
    {
        await SeedEntriesAsync();
        await SignInAsync(Role.Approver);

        var cut = RenderPage<StandingsList>();

        AssertEntriesListed(cut);
        var values = cut.FindAll("[data-testid=standings-table] [data-testid=standing-value]").Select(e => e.TextContent.Trim()).ToList();
        Assert.Equal(["-5.0", "+7.5"], values); // ordered by name: Friendly Corp, Pia Pilot
    }

    [Fact]
    public async Task History_shows_the_audit_rows_of_that_entity_only()
    {
        await SeedEntriesAsync();
        await SeedAuditAsync(AuditAction.RequestCreated, "Pia Pilot", Pilot, "Pia Pilot", "asked");
        await SeedAuditAsync(AuditAction.RequestApproved, "Alex Approver", Pilot, "Pia Pilot", "Requested by Pia Pilot");
        await SeedAuditAsync(AuditAction.EntryAdded, "Adam Admin", Corp, "Friendly Corp", "corp added");
        await SignInAsync(Role.Approver);
        var cut = RenderPage<StandingsList>();
        AssertEntriesListed(cut);
        Assert.Empty(cut.FindAll("[data-testid=audit-row]"));

        cut.ClickWhenShown($"[data-testid=history-{Pilot}]");

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=audit-row]").Count));
        Assert.Equal(2, cut.FindAll($"[data-testid=audit-rows-{Pilot}] [data-testid=audit-row]").Count);
        Assert.Empty(cut.FindAll($"[data-testid=audit-rows-{Corp}]"));
        var text = cut.Find($"[data-testid=audit-rows-{Pilot}]").TextContent;
        Assert.Contains("Request approved", text, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(AuditAction.RequestApproved), text, StringComparison.Ordinal);
        Assert.Contains("Alex Approver", text, StringComparison.Ordinal);
        Assert.DoesNotContain("corp added", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clicking_history_again_hides_it()
    {
        await SeedEntriesAsync();
        await SeedAuditAsync(AuditAction.EntryAdded, "Adam Admin", Corp, "Friendly Corp", "corp added");
        await SignInAsync(Role.Auditor);
        var cut = RenderPage<StandingsList>();
        AssertEntriesListed(cut);

        cut.ClickWhenShown($"[data-testid=history-{Corp}]");
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=audit-row]")));
        cut.ClickWhenShown($"[data-testid=history-{Corp}]");

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=audit-row]")));
    }

    [Fact]
    public async Task Empty_list_shows_the_empty_state()
    {
        await SignInAsync(Role.Administrator);

        var cut = RenderPage<StandingsList>();

        cut.WaitForElement("[data-testid=standings-empty]");
        Assert.Empty(cut.FindAll("[data-testid^=entry-]"));
        Assert.Single(cut.FindAll("[data-testid=add-entry]"));
    }

    /// <remarks>The claims say Auditor, the database does not: the server refuses and the page says why.</remarks>
    [Fact]
    public async Task Server_rechecks_the_role_from_the_database()
    {
        await SeedEntriesAsync();
        var account = await SeedAccountAsync("Ex Auditor", 4001);
        SignInClaiming(account, "Ex Auditor", "Member", "Auditor");

        var cut = RenderGuardedPage<StandingsList>();

        // The page shows the server's refusal instead of crashing the circuit.
        cut.WaitForAssertion(() => Assert.Contains("Approver, Administrator or Auditor role", cut.Find("[data-testid=page-refused]").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid^=entry-]"));
    }

    private async Task<IRenderedComponent<Bunit.Rendering.ContainerFragment>> RenderAsAdministratorAsync()
    {
        await SeedEntriesAsync();
        await SignInAsync(Role.Administrator);
        var cut = RenderPage<StandingsList>();
        AssertEntriesListed(cut);
        return cut;
    }

    private static void SelectRow(IRenderedComponent<Bunit.Rendering.ContainerFragment> cut, long entityId) =>
        cut.TickRowOf($"[data-testid=entry-{entityId}]");

    [Fact]
    public async Task Administrator_sets_one_standing_on_the_selected_rows_with_one_reason()
    {
        var cut = await RenderAsAdministratorAsync();
        Assert.Empty(cut.FindAll("[data-testid=bulk-bar]"));

        SelectRow(cut, Pilot);
        SelectRow(cut, Corp);
        cut.WaitForAssertion(() => Assert.Equal("2 selected", cut.Find("[data-testid=bulk-count]").TextContent.Trim()));
        cut.ClickWhenShown("[data-testid=bulk-set-standing]");
        cut.ChangeWhenShown("[data-testid=bulk-standing]", "-3");
        cut.ChangeWhenShown("[data-testid=bulk-reason]", "war declared");
        cut.ClickWhenShown("[data-testid=bulk-confirm]");

        cut.WaitForAssertion(() => Assert.Equal(["-3.0", "-3.0"],
            cut.FindAll("[data-testid=standings-table] [data-testid=standing-value]").Select(e => e.TextContent.Trim())));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=bulk-bar]")));
        await using var db = NewDb();
        Assert.Equal(2, db.Audit.Count(a => a.Action == AuditAction.EntryEdited && a.Details!.EndsWith("Reason: war declared")));
    }

    [Fact]
    public async Task A_bulk_change_without_a_reason_is_not_sent()
    {
        var cut = await RenderAsAdministratorAsync();
        SelectRow(cut, Corp);
        cut.ClickWhenShown("[data-testid=bulk-remove]");

        cut.ClickWhenShown("[data-testid=bulk-confirm]");

        cut.WaitForAssertion(() => Assert.Equal("Give a reason; it is recorded with every entry you change.", cut.Find("[data-testid=bulk-error]").TextContent));
        await using var db = NewDb();
        Assert.Equal(2, db.Standings.Count());
    }

    [Fact]
    public async Task Administrator_sets_and_clears_the_expiry_of_one_entry_and_the_list_shows_it()
    {
        var cut = await RenderAsAdministratorAsync();
        Assert.Equal("never", cut.Find($"[data-testid=expires-{Pilot}]").TextContent.Trim());

        cut.ClickWhenShown($"[data-testid=expiry-{Pilot}]");
        cut.ChangeWhenShown("[data-testid=bulk-expiry]", "2027-01-31");
        cut.ChangeWhenShown("[data-testid=bulk-reason]", "trial");
        cut.ClickWhenShown("[data-testid=bulk-confirm]");
        cut.WaitForAssertion(() => Assert.Equal("2027-01-31", cut.Find($"[data-testid=expires-{Pilot}]").TextContent.Trim()));
        Assert.Equal("never", cut.Find($"[data-testid=expires-{Corp}]").TextContent.Trim());

        cut.ClickWhenShown($"[data-testid=expiry-{Pilot}]");
        cut.ChangeWhenShown("[data-testid=bulk-expiry]", "");
        cut.ChangeWhenShown("[data-testid=bulk-reason]", "permanent");
        cut.ClickWhenShown("[data-testid=bulk-confirm]");

        cut.WaitForAssertion(() => Assert.Equal("never", cut.Find($"[data-testid=expires-{Pilot}]").TextContent.Trim()));
    }

    [Fact]
    public async Task Readers_of_the_list_can_export_it_but_not_select_or_import()
    {
        await SeedEntriesAsync();
        await SignInAsync(Role.Auditor);

        var cut = RenderPage<StandingsList>();

        AssertEntriesListed(cut);
        Assert.Equal("/standings/export.csv?list=1", cut.Find("[data-testid=export-csv]").GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid=import-csv]"));
        Assert.Empty(cut.FindAll("[data-testid=standings-table] input[type=checkbox]"));
        Assert.Empty(cut.FindAll("[data-testid^=expiry-]"));
    }

    [Fact]
    public async Task A_bulk_standing_off_the_scale_is_refused_and_the_dialog_stays_open()
    {
        var cut = await RenderAsAdministratorAsync();
        SelectRow(cut, Corp);
        cut.ClickWhenShown("[data-testid=bulk-set-standing]");

        cut.ChangeWhenShown("[data-testid=bulk-standing]", "15");
        cut.ChangeWhenShown("[data-testid=bulk-reason]", "war declared");
        cut.ClickWhenShown("[data-testid=bulk-confirm]");

        cut.WaitForAssertion(() => Assert.Equal("A standing must be between -10 and +10; 15 is not.", cut.Find("[data-testid=bulk-error]").TextContent));
        Assert.Single(cut.FindAll("[data-testid=bulk-dialog]"));
        Assert.Equal("15", cut.Find("[data-testid=bulk-standing]").GetAttribute("value"));
        await using var db = NewDb();
        Assert.Equal(-5, (await db.Standings.SingleAsync(e => e.EntityId == Corp, Ct)).Standing);
    }

    /// <remarks>It used to close and show the refusal in a toast, losing the reason typed.</remarks>
    [Fact]
    public async Task A_past_expiry_is_refused_in_the_dialog_which_keeps_the_reason()
    {
        var cut = await RenderAsAdministratorAsync();

        cut.ClickWhenShown($"[data-testid=expiry-{Pilot}]");
        cut.ChangeWhenShown("[data-testid=bulk-expiry]", "2026-11-01");
        cut.ChangeWhenShown("[data-testid=bulk-reason]", "trial ends");
        cut.ClickWhenShown("[data-testid=bulk-confirm]");

        cut.WaitForAssertion(() => Assert.Equal("Choose an expiry in the future.", cut.Find("[data-testid=bulk-error]").TextContent));
        Assert.Single(cut.FindAll("[data-testid=bulk-dialog]"));
        Assert.Equal("trial ends", cut.Find("[data-testid=bulk-reason]").GetAttribute("value") ?? cut.Find("[data-testid=bulk-reason]").TextContent);
        await using (var db = NewDb())
            Assert.Null((await db.Standings.SingleAsync(e => e.EntityId == Pilot, Ct)).ExpiresAt);

        // A day ahead, from the same dialog.
        cut.ChangeWhenShown("[data-testid=bulk-expiry]", "2026-12-31");
        cut.ClickWhenShown("[data-testid=bulk-confirm]");
        cut.WaitForAssertion(() => Assert.Equal("2026-12-31", cut.Find($"[data-testid=expires-{Pilot}]").TextContent.Trim()));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=bulk-dialog]")));
    }
}
