using Microsoft.Extensions.DependencyInjection;
using StandingsManager.App.Demo;
using StandingsManager.App.Demo.Esi;
using StandingsManager.Core.Revocations;
using StandingsManager.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace StandingsManager.Tests.E2E;

/// <summary>
/// Contact sync as people see it, in the demo as it ships: the personas are synced, the scheduler runs, and ESI is the
/// built-in simulator (with its 300 s read cache).
/// </summary>
[Trait("Category", "E2E")]
public sealed class SyncJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const long Ada = DemoPersonas.Administrator;
    private const long Milo = DemoPersonas.MemberWithPendingRequest;

    /// <summary>Syncs go out within seconds of a change, but a slow CI machine gets room: this is a safety net, not a timing claim.</summary>
    private static readonly Microsoft.Playwright.LocatorAssertionsToContainTextOptions Patiently = new() { Timeout = 60_000 };

    [Fact]
    public async Task An_approval_reaches_a_synced_characters_contacts_live_and_a_revocation_takes_it_away_leaving_personal_contacts()
    {
        await using var app = new StandingsAppFactory(new() { [DemoSeeder.SeedSyncSetting] = "true" });
        var store = app.Services.GetRequiredService<DemoEsiStore>();
        var personal = store.Contacts(Ada);

        await browser.WithPageAsync(nameof(An_approval_reaches_a_synced_characters_contacts_live_and_a_revocation_takes_it_away_leaving_personal_contacts), async page =>
        {
            // Ada Admiral watches her synced character; the start-up sync writes two of the seeded entries (the third,
            // Pirate Menace, collides with her personal contact and is left alone).
            var ada = new StandingsPages(page, app.BaseAddress);
            await ada.SignInAsync("/sync", Ada, "Ada Admiral");
            await Expect(ada.ByTestId($"last-run-{Ada}")).ToContainTextAsync("+2 added", Patiently);
            Assert.DoesNotContain(store.Contacts(Ada), c => c.ContactId == Milo);

            // Meanwhile an approver approves Milo Member's pending request at +7.5.
            await using (var approverContext = await browser.Browser.NewContextAsync())
            {
                var abe = new StandingsPages(await approverContext.NewPageAsync(), app.BaseAddress);
                await abe.SignInAsync("/manage/requests", DemoPersonas.Approver, "Abe Approver");
                await abe.ByTestId($"approve-{Milo}").ClickAsync();
                await abe.Field("decide-standing").FillAsync("7.5");
                await abe.ByTestId("decide-confirm").ClickAsync();
                await Expect(abe.ByTestId($"queue-entity-{Milo}")).ToHaveCountAsync(0);
            }

            // Ada's open page follows the sync the approval caused, without a reload, and EVE now holds the contact.
            await Expect(ada.ByTestId($"live-{Ada}")).ToContainTextAsync("Done: +1 added", Patiently);
            var added = store.Contacts(Ada).Single(c => c.ContactId == Milo);
            Assert.Equal(7.5, added.Standing);
            Assert.Contains(DemoEsiStore.StandingsLabelId, added.LabelIds);

            // Milo's standing is revoked (he asks, the approver agrees): the contact goes, Ada's personal contacts stay.
            var revocations = app.Services.GetRequiredService<RevocationWorkflow>();
            var revocationId = await revocations.RequestRemovalOfCharacterAsync(await app.AccountOfAsync(Milo), Milo, TestContext.Current.CancellationToken);
            await revocations.ApproveAsync(await app.AccountOfAsync(DemoPersonas.Approver), revocationId, "Left the coalition", TestContext.Current.CancellationToken);

            await Expect(ada.ByTestId($"live-{Ada}")).ToContainTextAsync("1 removed", Patiently);
            Assert.DoesNotContain(store.Contacts(Ada), c => c.ContactId == Milo);
            foreach (var contact in personal)
                Assert.Contains(contact, store.Contacts(Ada));
        });
    }
}
