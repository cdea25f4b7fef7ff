using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Standings;
using ListEntity = StandingsManager.Core.Lists.StandingsList;
using StandingsPage = StandingsManager.App.Components.Pages.Standings.StandingsList;

namespace StandingsManager.Tests.Components;

/// <summary>A war-target list's page shows the wars behind it: sides by name, allies, ESI's dates and whether each counts.</summary>
public sealed class WarTargetWarsTests : PageTestContext
{
    private const long Us = 99_000_900;
    private const long Pirates = 98_000_004;
    private const long Traders = 98_000_003;
    private const long Crowd = 98_000_005;

    private async Task<int> SeedAsync(bool includePending)
    {
        await using var db = NewDb();
        var list = new ListEntity
        {
            Name = "War Targets", LabelName = "War Targets", Source = ListSource.WarTargets, DefaultStanding = -10, CreatedAt = Now,
            IncludePendingWars = includePending, SourceReadAt = Now,
        };
        db.Lists.Add(list);
        db.EveEntities.AddRange(
            new EveEntity { Id = Us, Name = "Demo Alliance", Type = EntityType.Alliance },
            new EveEntity { Id = Pirates, Name = "Pirate Menace", Type = EntityType.Corporation },
            new EveEntity { Id = Traders, Name = "Neutral Traders", Type = EntityType.Corporation });
        db.Set<KnownWar>().AddRange(
            // They attack us: at war.
            new KnownWar { Id = 701, ReadAt = Now, InvolvesUs = true, AggressorCorporationId = Pirates, DefenderAllianceId = Us, Declared = Now.AddDays(-3), Started = Now.AddDays(-2) },
            // We attack a corporation with an ally that has no name on record yet.
            new KnownWar { Id = 702, ReadAt = Now, InvolvesUs = true, AggressorAllianceId = Us, DefenderCorporationId = Traders, Allies = $"c{Crowd}", Declared = Now.AddDays(-1), Started = Now.AddHours(-1) },
            // Declared, not started.
            new KnownWar { Id = 703, ReadAt = Now, InvolvesUs = true, AggressorCorporationId = Pirates, DefenderAllianceId = Us, Declared = Now.AddHours(-2), Started = Now.AddHours(22) },
            // Over.
            new KnownWar { Id = 700, ReadAt = Now, InvolvesUs = true, AggressorCorporationId = Traders, DefenderAllianceId = Us, Declared = Now.AddDays(-30), Started = Now.AddDays(-29), Finished = Now.AddDays(-10), Retracted = Now.AddDays(-11) },
            // Not ours: never shown.
            new KnownWar { Id = 699, ReadAt = Now, InvolvesUs = false, AggressorCorporationId = 98_500_001, DefenderCorporationId = 98_500_002, Declared = Now.AddDays(-5), Started = Now.AddDays(-4) });
        await db.SaveChangesAsync(Xunit.TestContext.Current.CancellationToken);
        return list.Id;
    }

    private async Task ShowAsync(int listId)
    {
        var account = await SeedAccountAsync("Abe Approver", 3002, Role.Approver);
        SignIn(account, "Abe Approver", Role.Approver);
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/standings?list={listId}");
    }

    [Fact]
    public async Task The_wars_of_the_organisation_show_newest_first_with_sides_allies_dates_and_state()
    {
        await ShowAsync(await SeedAsync(includePending: true));

        var cut = RenderPage<StandingsPage>();

        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid=wars-table] tbody tr").Count));
        Assert.Equal(["war-703", "war-702", "war-701", "war-700"], cut.FindAll("[data-testid=wars-table] tbody tr").Select(r => r.GetAttribute("data-testid")));
        var attack = cut.Find("[data-testid=war-702]").QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["#702", "Demo Alliance", "Neutral Traders", $"#{Crowd}"], attack.Take(4));
        Assert.Equal("at war", cut.Find("[data-testid=war-state-702]").TextContent.Trim());
        Assert.Equal("declared, not started (counted)", cut.Find("[data-testid=war-state-703]").TextContent.Trim());
        Assert.Equal("finished", cut.Find("[data-testid=war-state-700]").TextContent.Trim());
        Assert.Contains("(retracted)", cut.Find("[data-testid=war-700]").TextContent, StringComparison.Ordinal);
        Assert.Contains("ESI gives allies no dates", cut.Find("[data-testid=wars-allies-note]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=war-699]"));
    }

    [Fact]
    public async Task A_list_without_pending_wars_says_a_declared_war_does_not_count_yet()
    {
        await ShowAsync(await SeedAsync(includePending: false));

        var cut = RenderPage<StandingsPage>();

        cut.WaitForAssertion(() => Assert.Equal("declared, not started (not counted)", cut.Find("[data-testid=war-state-703]").TextContent.Trim()));
    }

    [Fact]
    public async Task A_requests_list_shows_no_wars()
    {
        await SeedEntryAsync(Pirates, "Pirate Menace", -10, EntityType.Corporation);
        var account = await SeedAccountAsync("Abe Approver", 3002, Role.Approver);
        SignIn(account, "Abe Approver", Role.Approver);

        var cut = RenderPage<StandingsPage>();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll($"[data-testid=entry-{Pirates}]")));
        Assert.Empty(cut.FindAll("[data-testid=war-list-heading]"));
    }
}
