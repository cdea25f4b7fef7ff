using StandingsManager.App.Demo;
using StandingsManager.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace StandingsManager.Tests.E2E;

[Trait("Category", "E2E")]
public sealed class DashboardJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_fresh_demo_dashboard_draws_sync_outcomes_queue_ages_and_standings()
    {
        // As a demo starts for a visitor: synced personas, with the seeded sync history.
        await using var app = new StandingsAppFactory(new() { [DemoSeeder.SeedSyncSetting] = "true" });
        await browser.WithPageAsync(nameof(A_fresh_demo_dashboard_draws_sync_outcomes_queue_ages_and_standings), async page =>
        {
            var ui = new StandingsPages(page, app.BaseAddress);
            await ui.SignInAsync("/standings", DemoPersonas.Approver, "Abe Approver");
            await ui.GotoAsync("/");
            await ui.WaitForInteractiveAsync();

            foreach (var chart in new[] { "sync-outcomes-chart", "queue-age-chart", "standings-chart" })
            {
                await Expect(ui.ByTestId(chart).Locator("svg").First).ToBeVisibleAsync();
                await Expect(ui.ByTestId($"{chart}-empty")).ToHaveCountAsync(0);
            }
            await Expect(ui.ByTestId("standings-chart-totals")).ToHaveTextAsync("Character 1 · Corporation 1 · Alliance 1");
            await Expect(ui.ByTestId("queue-age-chart-totals")).ToHaveTextAsync("Requests 1 · Revocations 0");
        });
    }
}
