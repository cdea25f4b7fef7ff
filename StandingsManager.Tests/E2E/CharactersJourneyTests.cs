using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Requests;
using StandingsManager.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace StandingsManager.Tests.E2E;

[Trait("Category", "E2E")]
public sealed class CharactersJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_second_character_added_through_SSO_is_listed_with_its_scopes_and_the_state()
    {
        await using var app = new StandingsAppFactory();
        await browser.WithPageAsync(nameof(A_second_character_added_through_SSO_is_listed_with_its_scopes_and_the_state), async page =>
        {
            var ui = new StandingsPages(page, app.BaseAddress);
            await ui.SignInAsync("/characters", DemoPersonas.Blue, "Bea Blue");
            await Expect(ui.ByTestId("account-state")).ToContainTextAsync("State: Blue");
            await Expect(ui.ByTestId($"grant-{DemoPersonas.Blue}")).ToHaveTextAsync("sign-in only");

            await ui.AddCharacterAsync(DemoPersonas.BlueAlt);

            await Expect(ui.ByTestId($"character-{DemoPersonas.BlueAlt}")).ToHaveTextAsync("Bob Blue");
            await Expect(ui.ByTestId($"grant-{DemoPersonas.BlueAlt}")).ToHaveTextAsync("valid");
            await Expect(ui.ByTestId($"scopes-{DemoPersonas.BlueAlt}")).ToContainTextAsync("esi-characters.read_contacts.v1");
            await Expect(ui.ByTestId($"scopes-{DemoPersonas.BlueAlt}")).ToContainTextAsync("esi-characters.write_contacts.v1");
            await Expect(ui.ByTestId($"missing-{DemoPersonas.BlueAlt}")).ToHaveCountAsync(0);
            await Expect(ui.ByTestId($"missing-{DemoPersonas.Blue}")).ToContainTextAsync("esi-characters.read_contacts.v1");

            // Its contacts come from the simulated ESI with the fresh grant.
            await ui.ByTestId($"check-contacts-{DemoPersonas.BlueAlt}").ClickAsync();
            await Expect(ui.ByTestId($"contacts-{DemoPersonas.BlueAlt}")).ToContainTextAsync("contacts");
        });

        var alt = await app.WithDbAsync(db => db.Characters.SingleAsync(c => c.Id == DemoPersonas.BlueAlt));
        var bea = await app.WithDbAsync(db => db.Characters.SingleAsync(c => c.Id == DemoPersonas.Blue));
        Assert.Equal(bea.AccountId, alt.AccountId);
        Assert.Equal(DemoPersonas.BlueCorporation, alt.CorporationId); // affiliation learned from ESI
    }

    [Fact]
    public async Task A_corporation_request_needs_every_member_covered()
    {
        await using var app = new StandingsAppFactory();
        await browser.WithPageAsync(nameof(A_corporation_request_needs_every_member_covered), async page =>
        {
            var ui = new StandingsPages(page, app.BaseAddress);
            var corp = DemoPersonas.BlueCorporation;
            await ui.SignInAsync("/request-standings", DemoPersonas.Blue, "Bea Blue");

            // Partial: Bea signed in without scopes, and her corporation-mate is not added yet.
            await ui.ByTestId($"check-coverage-{corp}").ClickAsync();
            await Expect(ui.ByTestId($"coverage-{corp}")).ToContainTextAsync("0 of 2 members");
            await Expect(ui.ByTestId($"coverage-missing-{corp}")).ToContainTextAsync("Bea Blue (no grant");
            await Expect(ui.ByTestId($"coverage-missing-{corp}")).ToContainTextAsync("1 member you have not added");
            await Expect(ui.ByTestId($"request-corp-{corp}")).ToBeDisabledAsync();

            // Grant Bea's scopes and add Bob Blue: full coverage.
            await ui.GotoAsync("/characters");
            await ui.WaitForInteractiveAsync();
            await ui.AddCharacterAsync(DemoPersonas.Blue);
            await ui.AddCharacterAsync(DemoPersonas.BlueAlt);
            await ui.GotoAsync("/request-standings");
            await ui.WaitForInteractiveAsync();
            await ui.ByTestId($"check-coverage-{corp}").ClickAsync();
            await Expect(ui.ByTestId($"coverage-{corp}")).ToContainTextAsync("2 of 2 members");
            await ui.ByTestId($"request-corp-{corp}").ClickAsync();
            await Expect(ui.ByTestId($"corp-status-{corp}")).ToContainTextAsync("Pending");
        });

        var request = await app.WithDbAsync(db => db.Requests.SingleAsync(r => r.EntityId == DemoPersonas.BlueCorporation));
        Assert.Equal(EntityType.Corporation, request.EntityType);
        Assert.Equal(RequestStatus.Pending, request.Status);
        Assert.Equal("Blue Friends Corp", request.EntityName);
    }
}
