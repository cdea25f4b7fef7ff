using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using StandingsManager.App.Components.Pages.Standings;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Standings;
using ListEntity = StandingsManager.Core.Lists.StandingsList;
using StandingsPage = StandingsManager.App.Components.Pages.Standings.StandingsList;

namespace StandingsManager.Tests.Components;

/// <summary>The standings page per list: the picker, <c>?list=</c>, and lists written by a source shown read-only.</summary>
public sealed class StandingsListPerListTests : PageTestContext
{
    private const long Shared = 99_000_001;

    private async Task<int> SeedMirrorAsync()
    {
        await using var db = NewDb();
        var mirror = new ListEntity
        {
            Name = "Coalition Blues", LabelName = "Coalition Blues", Source = ListSource.InGameContacts, CreatedAt = Now,
            MirrorOwnerName = "Demo Alliance", SourceReadAt = Now.AddHours(-2), SourceProblem = "Erin's character lost the alliance contacts grant.",
        };
        db.Lists.Add(mirror);
        await db.SaveChangesAsync(Xunit.TestContext.Current.CancellationToken);
        db.Standings.Add(new StandingsEntry { ListId = mirror.Id, EntityId = Shared, EntityType = EntityType.Alliance, EntityName = "Mirrored Alliance", Standing = -10, AddedByName = "System", AddedAt = Now });
        await db.SaveChangesAsync(Xunit.TestContext.Current.CancellationToken);
        return mirror.Id;
    }

    private async Task SignInAdministratorAsync()
    {
        var account = await SeedAccountAsync("Ada Admin", 3001, Role.Administrator);
        SignIn(account, "Ada Admin", Role.Administrator);
    }

    [Fact]
    public async Task With_one_list_there_is_no_picker()
    {
        await SeedEntryAsync(Shared, "First Alliance", 5, EntityType.Alliance);
        await SignInAdministratorAsync();

        var cut = RenderPage<StandingsPage>();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll($"[data-testid=entry-{Shared}]")));
        Assert.Empty(cut.FindAll("[data-testid=list-picker]"));
        Assert.Equal("Standings: Alliance Standings", cut.Find("[data-testid=standings-heading]").TextContent.Trim());
    }

    [Fact]
    public async Task Without_a_choice_the_first_list_shows_with_the_picker_and_its_own_entries()
    {
        await SeedEntryAsync(Shared, "First Alliance", 5, EntityType.Alliance);
        await SeedMirrorAsync();
        await SignInAdministratorAsync();

        var cut = RenderPage<StandingsPage>();

        cut.WaitForAssertion(() => Assert.Equal("First Alliance", cut.Find($"[data-testid=entry-{Shared}]").TextContent.Trim()));
        Assert.Single(cut.FindAll("[data-testid=list-picker]"));
        Assert.Equal("Standings: Alliance Standings", cut.Find("[data-testid=standings-heading]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=list-source-note]"));
        Assert.Single(cut.FindAll("[data-testid=add-entry]"));
        Assert.Single(cut.FindAll($"[data-testid=edit-{Shared}]"));
        Assert.Equal("/standings/import?list=1", cut.Find("[data-testid=import-csv]").GetAttribute("href"));
    }

    [Fact]
    public async Task A_list_written_by_its_source_shows_where_it_comes_from_and_offers_no_hand_changes()
    {
        await SeedEntryAsync(Shared, "First Alliance", 5, EntityType.Alliance);
        var mirror = await SeedMirrorAsync();
        await SignInAdministratorAsync();
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/standings?list={mirror}");

        var cut = RenderPage<StandingsPage>();

        cut.WaitForAssertion(() => Assert.Equal("Mirrored Alliance", cut.Find($"[data-testid=entry-{Shared}]").TextContent.Trim()));
        Assert.Equal("Standings: Coalition Blues", cut.Find("[data-testid=standings-heading]").TextContent.Trim());
        var note = cut.Find("[data-testid=list-source-note]").TextContent;
        Assert.Contains("follows the in-game contacts of Demo Alliance", note, StringComparison.Ordinal);
        Assert.Contains("Stopped: Erin's character lost the alliance contacts grant.", note, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=add-entry]"));
        Assert.Empty(cut.FindAll("[data-testid=import-csv]"));
        Assert.Empty(cut.FindAll($"[data-testid=edit-{Shared}]"));
        Assert.Empty(cut.FindAll($"[data-testid=delete-{Shared}]"));
        Assert.Empty(cut.FindAll($"[data-testid=expiry-{Shared}]"));
        Assert.Empty(cut.FindAll("[data-testid=standings-table] input[type=checkbox]"));
        Assert.Equal($"/standings/export.csv?list={mirror}", cut.Find("[data-testid=export-csv]").GetAttribute("href"));
    }

    [Fact]
    public void The_source_note_says_when_the_list_was_last_read()
    {
        var note = StandingsPage.SourceNote(new ListChoice(7, "War Targets", ListSource.WarTargets, true, null, null, Now, null),
            Services.GetRequiredService<IStringLocalizer<StandingsText>>());

        Assert.Equal("This list is computed from the wars that involve the organisation: it cannot be edited by hand. Last read 2026-11-24 12:00 UTC.", note);
    }
}
