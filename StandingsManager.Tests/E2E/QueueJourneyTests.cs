using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Requests;
using StandingsManager.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace StandingsManager.Tests.E2E;

[Trait("Category", "E2E")]
public sealed class QueueJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_approver_ticks_two_requests_and_approves_them_at_one_value()
    {
        await using var app = new StandingsAppFactory();
        await browser.WithPageAsync(nameof(An_approver_ticks_two_requests_and_approves_them_at_one_value), async page =>
        {
            var ui = new StandingsPages(page, app.BaseAddress);
            // Mia asks too; Milo's request waits from the start.
            await ui.SignInAsync("/request-standings", DemoPersonas.Member, "Mia Member");
            await ui.ByTestId($"request-{DemoPersonas.Member}").ClickAsync();
            await Expect(ui.ByTestId($"status-{DemoPersonas.Member}")).ToContainTextAsync("Pending");
            await ui.SignOutAsync();

            await ui.SignInAsync("/manage/requests", DemoPersonas.Approver, "Abe Approver");
            await Expect(ui.ByTestId($"requester-{DemoPersonas.Member}")).ToContainTextAsync("Mia Member");
            await Expect(ui.ByTestId($"subject-kind-{DemoPersonas.Member}")).ToHaveTextAsync("main");
            foreach (var id in new[] { DemoPersonas.Member, DemoPersonas.MemberWithPendingRequest })
                await ui.ByTestId($"queue-entity-{id}").Locator("xpath=..").Locator("input[type=checkbox]").CheckAsync();
            await Expect(ui.ByTestId("bulk-count")).ToHaveTextAsync("2 selected");
            await ui.ByTestId("bulk-approve").ClickAsync();
            await ui.Field("bulk-decide-standing").FillAsync("3");
            await ui.Field("bulk-decide-text").FillAsync("Welcome, both");
            await ui.ByTestId("bulk-decide-confirm").ClickAsync();

            await Expect(ui.ByTestId($"queue-entity-{DemoPersonas.Member}")).ToHaveCountAsync(0);
            await Expect(ui.ByTestId($"queue-entity-{DemoPersonas.MemberWithPendingRequest}")).ToHaveCountAsync(0);
            await Expect(ui.ByTestId("bulk-bar")).ToHaveCountAsync(0);
        });

        // What the browser showed is what the database holds.
        var approved = await app.WithDbAsync(db => db.Requests
            .Where(r => r.EntityId == DemoPersonas.Member || r.EntityId == DemoPersonas.MemberWithPendingRequest).ToListAsync());
        Assert.Equal(2, approved.Count);
        Assert.All(approved, r => Assert.Equal((RequestStatus.Approved, 3.0, "Welcome, both", "Abe Approver"), (r.Status, r.Standing!.Value, r.DecisionNote!, r.DecidedByName!)));
    }
}
