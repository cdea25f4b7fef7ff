using Bunit;
using Microsoft.Extensions.DependencyInjection;
using StandingsManager.App.Components.Pages;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Standings;
using StandingsManager.Core.Sync;

namespace StandingsManager.Tests.Components;

/// <summary>The dashboard charts: who sees which, what they draw, and that they follow live events.</summary>
public sealed class DashboardChartsTests : PageTestContext
{
    private async Task SeedRunsAsync(params (DateTimeOffset StartedAt, SyncStatus Outcome)[] runs)
    {
        await using var db = NewDb();
        foreach (var (startedAt, outcome) in runs)
            db.SyncRuns.Add(new SyncRun { CharacterId = 1001, StartedAt = startedAt, FinishedAt = startedAt.AddSeconds(3), Outcome = outcome });
        await db.SaveChangesAsync(Ct);
        // As the engine records a run: its daily count too, for the month view.
        foreach (var (startedAt, outcome) in runs)
            await SyncOutcomeDays.CountAsync(db, startedAt, outcome, Ct);
    }

    private async Task<IRenderedComponent<Home>> RenderAsync(string name, long characterId, Role role)
    {
        var account = await SeedAccountAsync(name, characterId, role);
        SignIn(account, name, role);
        return Render<Home>();
    }

    private static string Totals(IRenderedComponent<Home> cut, string chart) => cut.Find($"[data-testid={chart}-totals]").TextContent.Trim();

    [Fact]
    public async Task Approver_sees_the_three_charts_drawn_from_the_database()
    {
        await SeedRunsAsync((Now.AddHours(-1), SyncStatus.Ok), (Now.AddMinutes(-50), SyncStatus.Ok), (Now.AddHours(-3), SyncStatus.Error), (Now.AddDays(-3), SyncStatus.Warning));
        var rita = await SeedAccountAsync("Rita Requester", 2001);
        await SeedPendingRequestAsync(2001, "Rita Requester", rita, "Rita Requester");
        await SeedEntryAsync(99_000_001, "Friendly Alliance", 10, EntityType.Alliance);
        await SeedEntryAsync(98_000_001, "Pirates", -10, EntityType.Corporation);

        var cut = await RenderAsync("Alex Approver", 3001, Role.Approver);

        cut.WaitForAssertion(() =>
        {
            // The day view leaves out the run three days ago.
            Assert.Equal("OK 2 · Warning 0 · Error 1", Totals(cut, "sync-outcomes-chart"));
            Assert.Equal("Requests 1 · Revocations 0", Totals(cut, "queue-age-chart"));
            Assert.Equal("Character 0 · Corporation 1 · Alliance 1", Totals(cut, "standings-chart"));
        });
        var outcomes = cut.Find("[data-testid=sync-outcomes-chart]");
        Assert.NotNull(outcomes.QuerySelector(".mud-chart svg"));
        Assert.Contains("11:00", outcomes.TextContent, StringComparison.Ordinal);
        Assert.Contains("1-3 days", cut.Find("[data-testid=queue-age-chart]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Excellent", cut.Find("[data-testid=standings-chart]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_month_view_counts_per_day_over_thirty_days()
    {
        await SeedRunsAsync((Now.AddHours(-1), SyncStatus.Ok), (Now.AddDays(-3), SyncStatus.Warning), (Now.AddDays(-40), SyncStatus.Error));
        var cut = await RenderAsync("Alex Approver", 3001, Role.Approver);
        cut.WaitForAssertion(() => Assert.Equal("OK 1 · Warning 0 · Error 0", Totals(cut, "sync-outcomes-chart")));

        await cut.InvokeAsync(() => cut.FindAll("[data-testid=sync-outcomes-span] .mud-toggle-item").Single(b => b.TextContent.Contains("Month", StringComparison.Ordinal)).Click());

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("OK 1 · Warning 1 · Error 0", Totals(cut, "sync-outcomes-chart"));
            Assert.Contains("21 Nov", cut.Find("[data-testid=sync-outcomes-chart]").TextContent, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Without_data_a_chart_says_so_instead_of_drawing_nothing()
    {
        var cut = await RenderAsync("Alex Approver", 3001, Role.Approver);

        cut.WaitForElement("[data-testid=sync-outcomes-chart-empty]");
        // The span toggle draws a check mark of its own: look for the chart, not for any svg.
        Assert.Null(cut.Find("[data-testid=sync-outcomes-chart]").QuerySelector(".mud-chart"));
        Assert.Equal("OK 0 · Warning 0 · Error 0", Totals(cut, "sync-outcomes-chart"));
    }

    [Fact]
    public async Task Charts_follow_finished_syncs_and_list_and_queue_changes_live()
    {
        var cut = await RenderAsync("Alex Approver", 3001, Role.Approver);
        cut.WaitForElement("[data-testid=sync-outcomes-chart-empty]");

        await SeedRunsAsync((Now.AddMinutes(-1), SyncStatus.Warning));
        await Services.GetRequiredService<SyncEvents>().PublishAsync(new SyncEvent(SyncEventKind.Finished, 1001, 1, SyncStatus.Warning));
        cut.WaitForAssertion(() => Assert.Equal("OK 0 · Warning 1 · Error 0", Totals(cut, "sync-outcomes-chart")));
        Assert.Empty(cut.FindAll("[data-testid=sync-outcomes-chart-empty]"));

        var standings = Services.GetRequiredService<StandingsEvents>();
        await SeedEntryAsync(90_000_009, "Bea Blue", 5);
        await standings.PublishAsync(new StandingsChange(StandingsChangeKind.Entries));
        cut.WaitForAssertion(() => Assert.Equal("Character 1 · Corporation 0 · Alliance 0", Totals(cut, "standings-chart")));

        var rita = await SeedAccountAsync("Rita Requester", 2001);
        await SeedPendingRevocationAsync(2001, "Rita Requester", rita, "Rita Requester");
        await standings.PublishAsync(new StandingsChange(StandingsChangeKind.Revocations));
        cut.WaitForAssertion(() => Assert.Equal("Requests 0 · Revocations 1", Totals(cut, "queue-age-chart")));
    }

    [Fact]
    public async Task Auditor_sees_only_the_standings_chart_and_a_member_none()
    {
        await SeedEntryAsync(99_000_001, "Friendly Alliance", 10, EntityType.Alliance);
        var auditor = await RenderAsync("Ada Auditor", 6001, Role.Auditor);
        auditor.WaitForAssertion(() => Assert.Equal("Character 0 · Corporation 0 · Alliance 1", Totals(auditor, "standings-chart")));
        Assert.Empty(auditor.FindAll("[data-testid=sync-outcomes-chart]"));
        Assert.Empty(auditor.FindAll("[data-testid=queue-age-chart]"));

        var member = await SeedAccountAsync("Mia Member", 2002);
        SignIn(member, "Mia Member");
        var cut = Render<Home>();
        cut.WaitForAssertion(() => Assert.Contains("Welcome, Mia Member.", cut.Markup, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=standings-chart]"));
        Assert.Empty(cut.FindAll("[data-testid=sync-outcomes-chart]"));
    }

    [Fact]
    public async Task A_role_the_database_no_longer_grants_shows_the_refusal_in_each_chart()
    {
        await SeedRunsAsync((Now.AddHours(-1), SyncStatus.Ok));
        var former = await SeedAccountAsync("Fred Former", 2003);
        SignInClaiming(former, "Fred Former", "Member", "Approver");

        var cut = Render<Home>();

        cut.WaitForAssertion(() =>
        {
            Assert.Contains("Approver role", cut.Find("[data-testid=sync-outcomes-chart] [data-testid=page-refused]").TextContent, StringComparison.Ordinal);
            Assert.Contains("Approver role", cut.Find("[data-testid=queue-age-chart] [data-testid=page-refused]").TextContent, StringComparison.Ordinal);
            Assert.Contains("Auditor role", cut.Find("[data-testid=standings-chart] [data-testid=page-refused]").TextContent, StringComparison.Ordinal);
        });
        Assert.Empty(cut.FindAll("[data-testid=sync-outcomes-chart-totals]"));
    }
}
