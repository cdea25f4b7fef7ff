using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StandingsManager.App.Demo.Esi;
using StandingsManager.Core.Requests;
using StandingsManager.Core.Validation;
using StandingsManager.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace StandingsManager.Tests.E2E;

[Trait("Category", "E2E")]
public sealed class ValidatorJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const long NeutralTraders = 98_000_003;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Mia Member's own standing, asked for and approved as in the app; then she leaves for a neutral corporation in EVE.</summary>
    private static async Task MiaLeavesAfterHerStandingAsync(StandingsAppFactory app)
    {
        var workflow = app.Services.GetRequiredService<RequestWorkflow>();
        var requestId = await workflow.RequestForCharacterAsync(await app.AccountOfAsync(DemoPersonas.Member), DemoPersonas.Member, Ct);
        await workflow.ApproveAsync(await app.AccountOfAsync(DemoPersonas.Approver), requestId, 5, null, Ct);
        app.Services.GetRequiredService<DemoEsiStore>().MoveCharacter(DemoPersonas.Member, NeutralTraders);
    }

    private static async Task<ValidationReport> ValidateAsync(StandingsAppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<StandingsValidator>().RunAsync(Ct);
    }

    [Fact]
    public async Task A_member_leaves_the_alliance_and_after_the_validator_runs_the_system_revocation_waits_for_an_approver()
    {
        // The personas hold contact grants, as in the demo: Mia can ask for her own standing.
        await using var app = new StandingsAppFactory(new() { [StandingsManager.App.Demo.DemoSeeder.SeedSyncSetting] = "true" });
        await browser.WithPageAsync(nameof(A_member_leaves_the_alliance_and_after_the_validator_runs_the_system_revocation_waits_for_an_approver), async page =>
        {
            var approver = new StandingsPages(page, app.BaseAddress);
            await approver.SignInAsync("/manage/revocations", DemoPersonas.Approver, "Abe Approver");
            await Expect(approver.ByTestId("queue-empty")).ToBeVisibleAsync();

            await MiaLeavesAfterHerStandingAsync(app);
            Assert.Equal(1, (await ValidateAsync(app)).RevocationsFiled);

            // The open queue shows it by itself, with the reason.
            var row = approver.ByTestId($"queue-entity-{DemoPersonas.Member}");
            await Expect(row).ToHaveTextAsync("Mia Member");
            await Expect(row.Locator("xpath=..")).ToContainTextAsync("System: LostEligibility");
        });
        Assert.True(await app.WithDbAsync(db => db.Standings.AnyAsync(e => e.EntityId == DemoPersonas.Member, Ct)));
    }

    [Fact]
    public async Task In_automatic_mode_the_system_revocation_applies_after_the_grace_period()
    {
        var time = new WatchedFakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new StandingsAppFactory(
            new()
            {
                [StandingsManager.App.Demo.DemoSeeder.SeedSyncSetting] = "true",
                ["Standings:AutoRevocation:Mode"] = "Automatic",
                ["Standings:AutoRevocation:GraceHours"] = "24",
            },
            services: s => s.AddSingleton<TimeProvider>(time));
        await browser.WithPageAsync(nameof(In_automatic_mode_the_system_revocation_applies_after_the_grace_period), async page =>
        {
            var approver = new StandingsPages(page, app.BaseAddress);
            await approver.SignInAsync("/manage/revocations", DemoPersonas.Approver, "Abe Approver");
            await MiaLeavesAfterHerStandingAsync(app);
            Assert.Equal(1, (await ValidateAsync(app)).RevocationsFiled);
            await Expect(approver.ByTestId($"queue-entity-{DemoPersonas.Member}")).ToHaveTextAsync("Mia Member");

            // A day and an hour later the app's own validator loop (every AutoValidateIntervalMinutes) has run again and
            // applied it: the open queue empties and the entry is gone from the list.
            time.Advance(TimeSpan.FromHours(25));
            await Expect(approver.ByTestId($"queue-entity-{DemoPersonas.Member}")).ToHaveCountAsync(0);
            await approver.GotoAsync("/standings");
            await approver.WaitForInteractiveAsync();
            await Expect(approver.ByTestId("entry-99000002")).ToBeVisibleAsync(); // the list itself is there
            await Expect(approver.ByTestId($"entry-{DemoPersonas.Member}")).ToHaveCountAsync(0);
        });
        Assert.False(await app.WithDbAsync(db => db.Standings.AnyAsync(e => e.EntityId == DemoPersonas.Member, Ct)));
    }
}
