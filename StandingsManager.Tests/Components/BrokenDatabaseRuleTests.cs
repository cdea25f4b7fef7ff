using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MudBlazor;
using StandingsManager.App.Components.Layout;
using StandingsManager.App.Components.Pages.Requests;
using StandingsManager.App.Components.Shared;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Requests;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Components;

/// <summary>
/// A database error that is not a rival's commit is a bug: it is logged, the user sees a generic error,
/// and the circuit lives on. The errors come from real SQLite, through a trigger or a missing table.
/// </summary>
public sealed class BrokenDatabaseRuleTests : PageTestContext
{
    private readonly CapturingLoggerProvider logs = new();

    public BrokenDatabaseRuleTests()
    {
        Services.AddSingleton<ILoggerProvider>(logs);
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new EveOptions()));
    }

    private async Task BreakAsync(string sql)
    {
        await using var db = NewDb();
        await db.Database.ExecuteSqlRawAsync(sql, Ct);
    }

    [Fact]
    public async Task An_approval_that_breaks_a_database_rule_shows_the_generic_error_and_is_logged()
    {
        var rita = await SeedAccountAsync("Rita Requester", 1001);
        var requestId = await SeedPendingRequestAsync(1001, "Rita Requester", rita, "Rita Requester");
        var approver = await SeedAccountAsync("Alex Approver", 3001, Role.Approver);
        SignIn(approver, "Alex Approver", Role.Approver);
        await using (var breaking = NewDb())
            await breaking.AddRefusingTriggerAsync("Test_NoEntries", "BEFORE INSERT", "Standings", "no entries in this test", Ct);
        // As MainLayout has it: the dialogs outside the boundary, the page inside.
        var cut = Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudDialogProvider>(1);
            builder.CloseComponent();
            builder.OpenComponent<MudSnackbarProvider>(2);
            builder.CloseComponent();
            builder.OpenComponent<RefusalBoundary>(3);
            builder.AddAttribute(4, nameof(RefusalBoundary.ChildContent), (RenderFragment)(b =>
            {
                b.OpenComponent<ManageRequests>(0);
                b.CloseComponent();
            }));
            builder.CloseComponent();
        });

        cut.ClickWhenShown("[data-testid=approve-1001]");
        cut.ClickWhenShown("[data-testid=decide-confirm]");

        cut.WaitForElement("[data-testid=page-error]");
        Assert.DoesNotContain("Someone else", cut.Markup, StringComparison.Ordinal);
        Assert.Contains(logs.Lines, l => l.StartsWith("Error ", StringComparison.Ordinal) && l.Contains("A page failed", StringComparison.Ordinal)
            && l.Contains("no entries in this test", StringComparison.Ordinal));
        await using var db = NewDb();
        Assert.Equal(RequestStatus.Pending, (await db.Requests.SingleAsync(r => r.Id == requestId, Ct)).Status);
    }

    [Fact]
    public async Task A_database_error_in_the_notification_bell_leaves_the_page_working()
    {
        var mia = await SeedAccountAsync("Mia Member", 1001);
        SignIn(mia, "Mia Member");
        await BreakAsync("""DROP TABLE "Notifications";""");

        var cut = Render<MainLayout>(p => p.Add(l => l.Body, b => b.AddMarkupContent(0, """<p data-testid="the-page">The page</p>""")));

        cut.WaitForElement("[data-testid=notifications-failed]");
        Assert.Single(cut.FindAll("[data-testid=the-page]"));
        Assert.Empty(cut.FindAll("[data-testid=notification-button]"));
        Assert.Contains(logs.Lines, l => l.StartsWith("Error ", StringComparison.Ordinal) && (l.Contains("no such table", StringComparison.Ordinal) || l.Contains("relation \"Notifications\" does not exist", StringComparison.Ordinal)));
    }
}
