using System.Collections.Concurrent;
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

    [Fact]
    public async Task A_guest_reads_where_they_stand_a_member_their_request_and_no_page_misses_its_icon()
    {
        await using var app = new StandingsAppFactory();
        await browser.WithPageAsync(nameof(A_guest_reads_where_they_stand_a_member_their_request_and_no_page_misses_its_icon), async page =>
        {
            // Every answer the browser gets, the favicon's included: none may be a 404.
            var missing = new ConcurrentQueue<string>();
            page.Response += (_, response) =>
            {
                if (response.Status == 404)
                    missing.Enqueue(response.Url);
            };
            var ui = new StandingsPages(page, app.BaseAddress);

            await ui.SignInAsync("/notifications", DemoPersonas.Guest, "Gus Guest");
            await ui.GotoAsync("/");
            await ui.WaitForInteractiveAsync();
            await Expect(ui.ByTestId("guest-state")).ToContainTextAsync("Your main character, Gus Guest, is in");
            await Expect(ui.ByTestId("guest-who")).ToContainTextAsync("Who has access: members of");
            await Expect(ui.ByTestId("member-request")).ToHaveCountAsync(0);
            await Expect(page.Locator(".mud-main-content a[href='/request-standings']")).ToHaveCountAsync(0);
            await ui.SignOutAsync();

            await ui.SignInAsync("/notifications", DemoPersonas.MemberWithPendingRequest, "Milo Member");
            await ui.GotoAsync("/");
            await ui.WaitForInteractiveAsync();
            await Expect(ui.ByTestId("member-pending-title")).ToHaveTextAsync("1 request waiting for an approver:");
            await Expect(ui.ByTestId("member-request")).ToBeVisibleAsync();

            var icon = await page.EvaluateAsync<string>("fetch(document.querySelector('link[rel=icon]').href).then(r => r.status + ' ' + r.headers.get('content-type'))");
            Assert.Equal("200 image/x-icon", icon);
            Assert.Empty(missing);
        });
    }
}
