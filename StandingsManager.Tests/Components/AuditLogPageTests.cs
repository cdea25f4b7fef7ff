using StandingsManager.Tests.TestSupport;
using StandingsManager.Core.Eve;
using Bunit;
using StandingsManager.Core;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Audit;
using AuditLogPage = StandingsManager.App.Components.Pages.Audit.AuditLog;

namespace StandingsManager.Tests.Components;

public sealed class AuditLogPageTests : PageTestContext
{
    [Fact]
    public async Task Auditor_sees_the_audit_rows()
    {
        var auditor = await SeedAccountAsync("Ann Auditor", 9001, Role.Auditor);
        await SeedAuditAsync(AuditAction.RequestCreated, "Rita Requester", 1001, "Rita Requester");
        await SeedAuditAsync(AuditAction.EntryAdded, "Adam Admin", 2002, "Some Corp");
        SignIn(auditor, "Ann Auditor", Role.Auditor);

        var cut = RenderPage<AuditLogPage>();

        cut.WaitForAssertion(() =>
        {
            var table = cut.Find("[data-testid=audit-table]");
            Assert.Contains("Rita Requester", table.TextContent, StringComparison.Ordinal);
            Assert.Contains("Some Corp", table.TextContent, StringComparison.Ordinal);
            Assert.Contains("Entry added", table.TextContent, StringComparison.Ordinal);
            Assert.DoesNotContain(nameof(AuditAction.EntryAdded), table.TextContent, StringComparison.Ordinal);
        });
        Assert.Empty(cut.FindAll("[data-testid=audit-empty]"));
    }

    [Fact]
    public async Task Details_the_app_wrote_read_in_the_auditors_language_and_peoples_words_as_written()
    {
        var auditor = await SeedAccountAsync("Ann Auditor", 9001, Role.Auditor);
        CoreLanguage.Set("en"); // written by whoever, in whatever language
        await using (var db = NewDb())
        {
            db.Record(Now.AddMinutes(-10), AuditAction.SyncEnabled, null, 1001, EntityType.Character, "Rita Requester", null,
                RecordText.Said("Record.Sync.SwitchedOnByAdmin"));
            db.Record(Now.AddMinutes(-5), AuditAction.SyncDisabled, null, 1002, EntityType.Character, "Sam Scout", details: "left for a null-sec alliance");
            await db.SaveChangesAsync(Xunit.TestContext.Current.CancellationToken);
        }
        SignIn(auditor, "Ann Auditor", Role.Auditor);
        CoreLanguage.Set("ru");

        var cut = RenderPage<AuditLogPage>();

        cut.WaitForAssertion(() =>
        {
            var table = cut.Find("[data-testid=audit-table]").TextContent;
            Assert.Contains("Включено администратором", table, StringComparison.Ordinal);
            Assert.DoesNotContain("Switched on by an administrator", table, StringComparison.Ordinal);
            Assert.Contains("left for a null-sec alliance", table, StringComparison.Ordinal);
            Assert.Contains("Система", table, StringComparison.Ordinal); // the app's own name for itself
        });
        await using var check = NewDb();
        Assert.Contains(check.Audit, a => a.Details == "Switched on by an administrator"); // the record (API, CSV) stays English
    }

    [Fact]
    public async Task Empty_log_shows_the_empty_state()
    {
        var auditor = await SeedAccountAsync("Ann Auditor", 9001, Role.Auditor);
        SignIn(auditor, "Ann Auditor", Role.Auditor);

        var cut = RenderPage<AuditLogPage>();

        cut.WaitForElement("[data-testid=audit-empty]");
    }

    /// <remarks>Claims say Auditor, the database does not: the server refuses and the page says why.</remarks>
    [Fact]
    public async Task Server_rechecks_the_role_from_the_database()
    {
        await SeedAuditAsync(AuditAction.EntryAdded, "Adam Admin", 2002, "Some Corp");
        var approver = await SeedAccountAsync("Alex Approver", 3001, Role.Approver);
        SignInClaiming(approver, "Alex Approver", "Member", "Approver", "Auditor");

        var cut = RenderGuardedPage<AuditLogPage>();

        // The page shows the server's refusal instead of crashing the circuit.
        cut.WaitForAssertion(() => Assert.Contains("You need the Auditor role", cut.Find("[data-testid=page-refused]").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain("Adam Admin", cut.Markup, StringComparison.Ordinal);
        Assert.Single(cut.FindAll(".d-none [data-testid=audit-table]")); // hidden, not gone: live reloads still reach it
    }

    [Fact]
    public async Task Filters_narrow_the_rows_and_the_export_link_carries_the_same_filter()
    {
        var auditor = await SeedAccountAsync("Ann Auditor", 9001, Role.Auditor);
        await SeedAuditAsync(AuditAction.RequestCreated, "Rita Requester", 1001, "Rita Requester");
        await SeedAuditAsync(AuditAction.EntryAdded, "Adam Admin", 2002, "Some Corp");
        await SeedAuditAsync(AuditAction.EntryRemoved, "Adam Admin", 3003, "Other Corp");
        SignIn(auditor, "Ann Auditor", Role.Auditor);
        var cut = RenderPage<AuditLogPage>();
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=audit-row-at]").Count));

        cut.ChangeWhenShown("input[data-testid=audit-actor]", "adam");
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=audit-row-at]").Count));
        cut.ChangeWhenShown("input[data-testid=audit-subject]", "3003");
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=audit-row-at]")));
        Assert.Contains("Other Corp", cut.Find("[data-testid=audit-table]").TextContent, StringComparison.Ordinal);
        Assert.Equal("/audit/export.csv?actor=adam&subject=3003", cut.Find("[data-testid=audit-export]").GetAttribute("href"));

        cut.ChangeWhenShown("input[data-testid=audit-subject]", "nobody");
        cut.WaitForElement("[data-testid=audit-empty]");
        Assert.Contains("No row matches the filter.", cut.Find("[data-testid=audit-empty]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Actions_read_as_words_and_days_are_typed_as_iso_dates()
    {
        var auditor = await SeedAccountAsync("Ann Auditor", 9001, Role.Auditor);
        await SeedAuditAsync(AuditAction.RevocationCreated, "System", 1001, "Rita Requester");
        SignIn(auditor, "Ann Auditor", Role.Auditor);
        var cut = RenderPage<AuditLogPage>();

        cut.WaitForAssertion(() => Assert.Equal("Removal requested", cut.Find("[data-testid=audit-row-action]").TextContent.Trim()));
        Assert.Equal("2026-11-24 11:50:00", cut.Find("[data-testid=audit-row-at]").TextContent.Trim());
        // Plain text, not the browser's date picker, which shows days in the browser's locale.
        Assert.Equal("text", cut.Find("input[data-testid=audit-from]").GetAttribute("type"));
        Assert.Equal("yyyy-mm-dd", cut.Find("input[data-testid=audit-to]").GetAttribute("placeholder"));

        cut.ChangeWhenShown("input[data-testid=audit-from]", "2026-11-25");
        cut.WaitForElement("[data-testid=audit-empty]");
        cut.ChangeWhenShown("input[data-testid=audit-from]", "2026-11-24");
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=audit-row-at]")));
        cut.ChangeWhenShown("input[data-testid=audit-from]", "24.11.2026");
        cut.WaitForAssertion(() => Assert.Contains("Write the day as yyyy-mm-dd, such as 2026-12-05.", cut.Markup, StringComparison.Ordinal));
    }
}
