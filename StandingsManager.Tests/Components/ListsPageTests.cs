using Bunit;
using Microsoft.EntityFrameworkCore;
using StandingsManager.App.Components.Pages.Lists;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Lists;

namespace StandingsManager.Tests.Components;

public sealed class ListsPageTests : PageTestContext
{
    private async Task<int> SignInAdminAsync()
    {
        var admin = await SeedAccountAsync("Ada Admiral", 9001, Role.Administrator);
        SignIn(admin, "Ada Admiral", Role.Administrator);
        return admin;
    }

    private async Task<int> SeedMirrorAsync(string? problem = null)
    {
        await using var db = NewDb();
        var list = new StandingsList
        {
            Name = "Coalition Blues", LabelName = "Coalition Blues", Source = ListSource.InGameContacts, Priority = 50, CreatedAt = Now,
            MirrorCharacterId = 9001, MirrorOwnerType = EntityType.Alliance, MirrorOwnerId = 99_000_001, MirrorOwnerName = "Demo Alliance",
            SourceReadAt = Now.AddMinutes(-2), SourceExpiresAt = Now.AddMinutes(3), SourceProblem = problem,
        };
        db.Lists.Add(list);
        await db.SaveChangesAsync(Ct);
        return list.Id;
    }

    [Fact]
    public async Task Shows_each_list_with_source_audience_entries_and_status()
    {
        await SignInAdminAsync();
        var mirror = await SeedMirrorAsync("Ada Admiral no longer grants esi-alliances.read_contacts.v1.");
        await SeedEntryAsync(98_000_004, "Pirate Menace", -10, EntityType.Corporation);

        var cut = RenderPage<ListsPage>();

        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find($"[data-testid=list-entries-{StandingsList.FirstListId}]").TextContent.Trim()));
        Assert.Equal("Coalition Blues", cut.Find($"[data-testid=list-{mirror}]").TextContent.Trim());
        Assert.Contains("of Demo Alliance, read by Ada Admiral", cut.Find($"[data-testid=list-source-{mirror}]").TextContent, StringComparison.Ordinal);
        Assert.Equal("Stopped following: Ada Admiral no longer grants esi-alliances.read_contacts.v1.", cut.Find($"[data-testid=list-problem-{mirror}]").TextContent.Trim());
        Assert.Equal("Last read 2026-11-24 11:58 UTC", cut.Find($"[data-testid=list-read-{mirror}]").TextContent.Trim());
        Assert.Empty(cut.FindAll($"[data-testid=list-delete-{StandingsList.FirstListId}]"));
        Assert.Empty(cut.FindAll($"[data-testid=list-read-now-{StandingsList.FirstListId}]"));
    }

    [Fact]
    public async Task New_list_is_created_from_the_dialog_and_a_refused_draft_keeps_what_was_typed()
    {
        await SignInAdminAsync();
        await SeedMirrorAsync();
        var cut = RenderPage<ListsPage>();
        cut.ClickWhenShown("[data-testid=list-new]");

        cut.ChangeWhenShown("[data-testid=list-name]", "Partner");
        cut.ChangeWhenShown("[data-testid=list-label]", "coalition BLUES"); // another list's label, in other case
        cut.ClickWhenShown("[data-testid=list-save]");

        cut.WaitForAssertion(() => Assert.StartsWith("Another list already uses the label \"coalition BLUES\"", cut.Find("[data-testid=list-error]").TextContent.Trim(), StringComparison.Ordinal));
        Assert.Equal("Partner", cut.Find("[data-testid=list-name]").GetAttribute("value"));

        cut.ChangeWhenShown("[data-testid=list-label]", "Partner Blues");
        cut.ClickWhenShown("[data-testid=list-save]");

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=list-dialog]")));
        await using var db = NewDb();
        var created = await db.Lists.SingleAsync(l => l.Name == "Partner", Ct);
        cut.WaitForAssertion(() => Assert.Equal("Partner", cut.Find($"[data-testid=list-{created.Id}]").TextContent.Trim()));
        Assert.Equal(AuditAction.ListCreated, (await db.Audit.SingleAsync(a => a.ListId == created.Id, Ct)).Action);
    }

    [Fact]
    public async Task Disable_then_delete_with_a_reason()
    {
        await SignInAdminAsync();
        var mirror = await SeedMirrorAsync();
        var cut = RenderPage<ListsPage>();

        cut.ClickWhenShown($"[data-testid=list-disable-{mirror}]");
        cut.WaitForAssertion(() => Assert.Contains("disabled", cut.Find($"[data-testid=list-status-{mirror}]").TextContent, StringComparison.Ordinal));

        cut.ClickWhenShown($"[data-testid=list-delete-{mirror}]");
        cut.WaitForElement("[data-testid=decide-text]");
        cut.ChangeWhenShown("[data-testid=decide-text]", "Coalition ended");
        cut.ClickWhenShown("[data-testid=decide-confirm]");

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll($"[data-testid=list-{mirror}]")));
        await using var db = NewDb();
        Assert.Equal("Coalition ended", (await db.Lists.SingleAsync(l => l.Id == mirror, Ct)).DeletedReason);
    }

    [Fact]
    public async Task A_claimed_administrator_whom_the_database_does_not_know_as_one_sees_the_refusal()
    {
        var account = await SeedAccountAsync("Abe Approver", 9002, Role.Approver);
        SignInClaiming(account, "Abe Approver", "Member", "Approver", "Administrator");

        var cut = RenderPage<ListsPage>();

        cut.WaitForAssertion(() => Assert.Equal("You need the Administrator role to manage lists.", cut.Find("[data-testid=lists-refused]").TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid=lists-table]"));
    }
}
