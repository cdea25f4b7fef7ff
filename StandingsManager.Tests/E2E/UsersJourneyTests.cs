using StandingsManager.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace StandingsManager.Tests.E2E;

[Trait("Category", "E2E")]
public sealed class UsersJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_administrator_grants_approver_and_the_new_approvers_queue_appears_without_a_sign_out()
    {
        await using var app = new StandingsAppFactory();
        await browser.WithPageAsync(nameof(An_administrator_grants_approver_and_the_new_approvers_queue_appears_without_a_sign_out), async memberPage =>
        {
            // Mia, a member, has the app open: no approvals in her menu.
            var member = new StandingsPages(memberPage, app.BaseAddress);
            await member.SignInAsync("/characters", DemoPersonas.Member, "Mia Member");
            await Expect(member.ByTestId("nav-manage-requests")).ToHaveCountAsync(0);
            var mia = await app.AccountOfAsync(DemoPersonas.Member);

            // Meanwhile, in another browser, the administrator makes her an approver.
            await using var adminContext = await browser.Browser.NewContextAsync();
            var admin = new StandingsPages(await adminContext.NewPageAsync(), app.BaseAddress);
            await admin.SignInAsync("/admin/users", DemoPersonas.Administrator, "Ada Admiral");
            await admin.ByTestId($"grant-{mia}").Locator("button").First.ClickAsync();
            await admin.ByTestId($"grant-{mia}-Approver").ClickAsync();
            await admin.Field("decide-text").FillAsync("Covers the late shift");
            await admin.ByTestId("decide-confirm").ClickAsync();
            await Expect(admin.ByTestId($"role-{mia}-Approver")).ToBeVisibleAsync();

            // Mia's open page follows by itself, and her queue opens: still the same session.
            await Expect(member.ByTestId("nav-manage-requests")).ToBeVisibleAsync();
            await member.ByTestId("nav-manage-requests").ClickAsync();
            await Expect(member.ByTestId($"queue-entity-{DemoPersonas.MemberWithPendingRequest}")).ToBeVisibleAsync();
            // A fresh request (a reload) sees the role too: it is in the database, not only in the open page.
            await memberPage.ReloadAsync();
            await member.WaitForInteractiveAsync();
            await Expect(member.ByTestId($"queue-entity-{DemoPersonas.MemberWithPendingRequest}")).ToBeVisibleAsync();
        });
    }
}
