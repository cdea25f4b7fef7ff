using Bunit;
using Microsoft.EntityFrameworkCore;
using StandingsManager.App.Components.Pages.Revocations;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Requests;
using StandingsManager.Core.Revocations;

namespace StandingsManager.Tests.Components;

public sealed class ManageRevocationsTests : PageTestContext
{
    [Fact]
    public async Task Approver_sees_pending_revocations_with_their_reasons()
    {
        var owner = await SeedAccountAsync("Olga Owner", 1001);
        await SeedEntryAsync(1001, "Olga Owner", 5);
        await SeedEntryAsync(1002, "Lost Token", 10);
        await SeedPendingRevocationAsync(1001, "Olga Owner", owner, "Olga Owner");
        await SeedPendingRevocationAsync(1002, "Lost Token", null, "System", RevocationSource.System, SystemRevocationReason.TokenLost);
        var approver = await SeedAccountAsync("Alex Approver", 3001, Role.Approver);
        SignIn(approver, "Alex Approver", Role.Approver);

        var cut = RenderPage<ManageRevocations>();

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("Olga Owner", cut.Find("[data-testid=queue-entity-1001]").TextContent.Trim());
            Assert.Equal("Lost Token", cut.Find("[data-testid=queue-entity-1002]").TextContent.Trim());
        });
        Assert.Single(cut.FindAll("[data-testid=approve-1001]"));
        Assert.Single(cut.FindAll("[data-testid=reject-1001]"));
        Assert.Single(cut.FindAll("[data-testid=approve-1002]"));
        var queue = cut.Find("[data-testid=revocation-queue]").TextContent;
        Assert.Contains("Asked for by the owner", queue, StringComparison.Ordinal);
        Assert.Contains("System: TokenLost", queue, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=queue-empty]"));
    }

    [Fact]
    public async Task Empty_queue_shows_the_empty_state()
    {
        await SeedEntryAsync(1001, "Olga Owner", 5);
        var approver = await SeedAccountAsync("Alex Approver", 3001, Role.Approver);
        SignIn(approver, "Alex Approver", Role.Approver);

        var cut = RenderPage<ManageRevocations>();

        cut.WaitForElement("[data-testid=queue-empty]");
        Assert.Empty(cut.FindAll("[data-testid=queue-entity-1001]"));
    }

    [Fact]
    public async Task Rows_show_the_entry_standing_and_expiry_and_ticked_ones_are_kept_with_one_reason()
    {
        var owner = await SeedAccountAsync("Olga Owner", 1001);
        await SeedEntryAsync(1001, "Olga Owner", 5);
        var expiring = await SeedEntryAsync(1002, "Lost Token", -7.5);
        await using (var db = NewDb())
        {
            (await db.Standings.SingleAsync(e => e.Id == expiring, Ct)).ExpiresAt = new DateTimeOffset(2027, 1, 31, 0, 0, 0, TimeSpan.Zero);
            await db.SaveChangesAsync(Ct);
        }
        await SeedPendingRevocationAsync(1001, "Olga Owner", owner, "Olga Owner");
        await SeedPendingRevocationAsync(1002, "Lost Token", null, "System", RevocationSource.System, SystemRevocationReason.TokenLost);
        var approver = await SeedAccountAsync("Alex Approver", 3001, Role.Approver);
        SignIn(approver, "Alex Approver", Role.Approver);

        var cut = RenderPage<ManageRevocations>();

        cut.WaitForElement("[data-testid=queue-entity-1002]");
        Assert.Equal(("+5.0", "never"), (cut.Find("[data-testid=entry-standing-1001]").TextContent.Trim(), cut.Find("[data-testid=entry-expires-1001]").TextContent.Trim()));
        Assert.Equal(("-7.5", "2027-01-31"), (cut.Find("[data-testid=entry-standing-1002]").TextContent.Trim(), cut.Find("[data-testid=entry-expires-1002]").TextContent.Trim()));

        foreach (var id in new[] { 1001, 1002 })
            cut.TickRowOf($"[data-testid=queue-entity-{id}]");
        cut.ClickWhenShown("[data-testid=bulk-reject]");
        cut.ChangeWhenShown("[data-testid=bulk-decide-text]", "still with us");
        cut.ClickWhenShown("[data-testid=bulk-decide-confirm]");

        cut.WaitForElement("[data-testid=queue-empty]");
        await using var after = NewDb();
        Assert.Equal(2, await after.Standings.CountAsync(Ct));
        Assert.All(await after.Revocations.ToListAsync(Ct), r => Assert.Equal((RequestStatus.Rejected, "still with us"), (r.Status, r.DecisionNote!)));
    }

    [Fact]
    public async Task With_two_lists_each_row_names_its_list_and_the_filter_shows_one_list()
    {
        var owner = await SeedAccountAsync("Olga Owner", 1101);
        var keep = await SeedPendingRevocationAsync(1101, "Olga Owner", owner, "Olga Owner");
        var other = await SeedPendingRevocationAsync(1102, "Olga Alt", owner, "Olga Owner");
        int coalition;
        await using (var db = NewDb())
        {
            coalition = await TestSupport.TestLists.AddAsync(db, "Coalition Blues");
            await db.Revocations.Where(r => r.Id == other).ExecuteUpdateAsync(u => u.SetProperty(r => r.ListId, coalition), Ct);
        }
        var approver = await SeedAccountAsync("Alex Approver", 3001, Role.Approver);
        SignIn(approver, "Alex Approver", Role.Approver);

        var cut = RenderPage<ManageRevocations>();

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("Alliance Standings", cut.Find($"[data-testid=queue-list-{keep}]").TextContent.Trim());
            Assert.Equal("Coalition Blues", cut.Find($"[data-testid=queue-list-{other}]").TextContent.Trim());
        });
        var filter = cut.FindComponent<MudBlazor.MudSelect<int?>>();
        await cut.InvokeAsync(() => filter.Instance.ValueChanged.InvokeAsync(coalition));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=queue-entity-1101]")));
        Assert.Single(cut.FindAll("[data-testid=queue-entity-1102]"));
    }

    [Fact]
    public async Task With_one_list_the_revocation_queue_has_no_list_column_or_filter()
    {
        var owner = await SeedAccountAsync("Olga Owner", 1101);
        var id = await SeedPendingRevocationAsync(1101, "Olga Owner", owner, "Olga Owner");
        var approver = await SeedAccountAsync("Alex Approver", 3001, Role.Approver);
        SignIn(approver, "Alex Approver", Role.Approver);

        var cut = RenderPage<ManageRevocations>();

        cut.WaitForElement("[data-testid=queue-entity-1101]");
        Assert.Empty(cut.FindAll("[data-testid=list-filter]"));
        Assert.Empty(cut.FindAll($"[data-testid=queue-list-{id}]"));
    }

    [Fact]
    public async Task The_intro_speaks_the_buttons_words()
    {
        var approver = await SeedAccountAsync("Alex Approver", 3001, Role.Approver);
        SignIn(approver, "Alex Approver", Role.Approver);

        var cut = RenderPage<ManageRevocations>();

        cut.WaitForElement("[data-testid=queue-empty]");
        var text = string.Concat(cut.Nodes.Select(n => n.TextContent));
        Assert.Contains("\"Remove entry\" takes the entry off the list; \"Keep entry\" leaves it there", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Approving removes", cut.Markup, StringComparison.Ordinal);
    }
}
