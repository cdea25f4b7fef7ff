using StandingsManager.Core.Requests;
using StandingsManager.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using static Microsoft.Playwright.Assertions;

namespace StandingsManager.Tests.E2E;

[Trait("Category", "E2E")]
public sealed class JourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Member_requests_approver_approves_and_the_entry_shows_with_its_audit_row()
    {
        await using var app = new StandingsAppFactory();
        await browser.WithPageAsync(nameof(Member_requests_approver_approves_and_the_entry_shows_with_its_audit_row), async page =>
        {
            var ui = new StandingsPages(page, app.BaseAddress);

            // A member signs in through the simulated EVE SSO and requests a standing for their character.
            await ui.SignInAsync("/request-standings", DemoPersonas.Member, "Mia Member");
            await ui.ByTestId($"request-{DemoPersonas.Member}").ClickAsync();
            await Expect(ui.ByTestId($"status-{DemoPersonas.Member}")).ToContainTextAsync("Pending");
            await Expect(ui.ByTestId($"cancel-{DemoPersonas.Member}")).ToBeVisibleAsync();
            await ui.SignOutAsync();

            // An approver approves it with a chosen value and a note.
            await ui.SignInAsync("/manage/requests", DemoPersonas.Approver, "Abe Approver");
            await Expect(ui.ByTestId($"queue-entity-{DemoPersonas.Member}")).ToHaveTextAsync("Mia Member");
            await ui.ByTestId($"approve-{DemoPersonas.Member}").ClickAsync();
            await ui.Field("decide-standing").FillAsync("7.5");
            await ui.Field("decide-text").FillAsync("Welcome aboard");
            await ui.ByTestId("decide-confirm").ClickAsync();
            await Expect(ui.ByTestId($"queue-entity-{DemoPersonas.Member}")).ToHaveCountAsync(0);

            // The entry is on the standings list with its audit row.
            await ui.GotoAsync("/standings");
            await ui.WaitForInteractiveAsync();
            var row = ui.ByTestId($"entry-{DemoPersonas.Member}");
            await Expect(row).ToHaveTextAsync("Mia Member");
            await Expect(row.Locator("xpath=..").GetByTestId("standing-value")).ToHaveTextAsync("+7.5");
            await ui.ByTestId($"history-{DemoPersonas.Member}").ClickAsync();
            var audit = ui.ByTestId($"audit-rows-{DemoPersonas.Member}").GetByTestId("audit-row");
            await Expect(audit.First).ToContainTextAsync("Request approved");
            await Expect(audit.First).ToContainTextAsync("Abe Approver");
            await Expect(audit.First).ToContainTextAsync("+7.5");
            await Expect(audit.First).ToContainTextAsync("Welcome aboard");
            await Expect(audit.Nth(1)).ToContainTextAsync("Standing requested");
            await Expect(audit.Nth(1)).ToContainTextAsync("Mia Member");
        });

        // What the browser showed is what the database holds.
        var request = await app.WithDbAsync(db => db.Requests.SingleAsync(r => r.EntityId == DemoPersonas.Member));
        Assert.Equal(RequestStatus.Approved, request.Status);
        Assert.Equal(7.5, request.Standing);
        Assert.Equal("Welcome aboard", request.DecisionNote);
        Assert.Equal("Abe Approver", request.DecidedByName);
    }

    [Fact]
    public async Task An_approver_sees_a_new_request_arrive_without_reloading()
    {
        await using var app = new StandingsAppFactory();
        await browser.WithPageAsync(nameof(An_approver_sees_a_new_request_arrive_without_reloading), async approverPage =>
        {
            var approver = new StandingsPages(approverPage, app.BaseAddress);
            await approver.SignInAsync("/manage/requests", DemoPersonas.Approver, "Abe Approver");
            await Expect(approver.ByTestId($"queue-entity-{DemoPersonas.MemberWithPendingRequest}")).ToBeVisibleAsync();

            // Meanwhile, in another browser, a member asks for a standing.
            await using var memberContext = await browser.Browser.NewContextAsync();
            var member = new StandingsPages(await memberContext.NewPageAsync(), app.BaseAddress);
            await member.SignInAsync("/request-standings", DemoPersonas.Member, "Mia Member");
            await member.ByTestId($"request-{DemoPersonas.Member}").ClickAsync();
            await Expect(member.ByTestId($"status-{DemoPersonas.Member}")).ToContainTextAsync("Pending");

            // The approver's open page shows it by itself.
            await Expect(approver.ByTestId($"queue-entity-{DemoPersonas.Member}")).ToHaveTextAsync("Mia Member");
        });
    }
}
