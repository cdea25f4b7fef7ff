using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StandingsManager.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace StandingsManager.Tests.E2E;

[Trait("Category", "E2E")]
public sealed class SecurityJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Under_the_content_security_policy_the_pages_work_and_nothing_is_refused()
    {
        await using var app = new StandingsAppFactory();
        await browser.WithPageAsync(nameof(Under_the_content_security_policy_the_pages_work_and_nothing_is_refused), async page =>
        {
            // Chromium reports every refused script, style, image or connection on the console and as an event.
            var refused = new ConcurrentQueue<string>();
            page.Console += (_, message) =>
            {
                if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                    refused.Enqueue(message.Text);
            };
            await page.AddInitScriptAsync(
                "window.__refused = []; document.addEventListener('securitypolicyviolation', e => window.__refused.push(e.violatedDirective + ' ' + e.blockedURI));");
            var ui = new StandingsPages(page, app.BaseAddress);

            var home = await page.GotoAsync(app.BaseAddress.ToString());
            var policy = await home!.HeaderValueAsync("content-security-policy");
            Assert.NotNull(policy);
            Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
            Assert.Equal("nosniff", await home.HeaderValueAsync("x-content-type-options"));

            // Sign-in through the SSO, a live page (WebSocket), a MudBlazor dialog with its inline styles and scripts.
            await ui.SignInAsync("/manage/requests", DemoPersonas.Approver, "Abe Approver");
            await ui.ByTestId($"approve-{DemoPersonas.MemberWithPendingRequest}").ClickAsync();
            await ui.Field("decide-standing").FillAsync("5");
            await ui.Field("decide-text").FillAsync("Checked under the policy");
            await ui.ByTestId("decide-confirm").ClickAsync();
            await Expect(ui.ByTestId($"queue-entity-{DemoPersonas.MemberWithPendingRequest}")).ToHaveCountAsync(0);

            Assert.Empty(await page.EvaluateAsync<string[]>("window.__refused"));
            Assert.Empty(refused);
        });
    }

    [Fact]
    public async Task An_open_page_whose_session_ended_elsewhere_loses_access_at_the_next_check()
    {
        var time = new WatchedFakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new StandingsAppFactory(services: s => s.AddSingleton<TimeProvider>(time));
        await browser.WithPageAsync(nameof(An_open_page_whose_session_ended_elsewhere_loses_access_at_the_next_check), async page =>
        {
            var ui = new StandingsPages(page, app.BaseAddress);
            await ui.SignInAsync("/manage/requests", DemoPersonas.Approver, "Abe Approver");
            await Expect(ui.ByTestId($"queue-entity-{DemoPersonas.MemberWithPendingRequest}")).ToBeVisibleAsync();
            var abe = await app.AccountOfAsync(DemoPersonas.Approver);

            // The session ends behind the page's back (an administrator, a deactivation): nothing tells the open page.
            await app.WithDbAsync(db => db.Sessions.Where(s => s.AccountId == abe).ExecuteDeleteAsync());
            time.Advance(TimeSpan.FromSeconds(30)); // Sessions:RevalidateEvery's default

            // The queue goes and the browser is sent to sign in again.
            await Expect(page).ToHaveURLAsync(new Uri(app.BaseAddress, "/login?returnUrl=%2Fmanage%2Frequests").ToString());
            await Expect(ui.ByTestId("sign-in")).ToBeVisibleAsync();
            await Expect(ui.ByTestId("signed-in-as")).ToHaveCountAsync(0);
        });
    }
}
