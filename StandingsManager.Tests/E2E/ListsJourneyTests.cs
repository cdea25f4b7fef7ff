using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using StandingsManager.App.Demo;
using StandingsManager.App.Demo.Esi;
using StandingsManager.Core.Lists;
using StandingsManager.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace StandingsManager.Tests.E2E;

/// <summary>
/// Lists as an administrator builds them, in the demo: a war-target list and a list that follows the alliance's in-game
/// contacts, then EVE changes (a war starts and ends, the alliance edits its list) and a synced character's contacts follow,
/// each contact under the label of every list that holds it.
/// </summary>
[Trait("Category", "E2E")]
public sealed class ListsJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const long Ada = DemoPersonas.Administrator;
    private const long NeutralTraders = DemoEsiWars.NeutralTradersId;
    private const long CrowdIndustries = DemoEsiWars.CrowdIndustriesId;
    private const long FriendlyCoalition = 99_000_002;
    private const long BobBlue = DemoPersonas.BlueAlt;
    private const long PollyPlunder = 90_000_202;
    private const long PirateMenace = DemoEsiWars.PirateMenaceId;

    /// <summary>A safety net for a slow machine (scan, sync due within a minute, the simulator's short caches), not a timing claim.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task An_administrator_adds_a_war_target_list_and_a_mirrored_list_and_an_alts_contacts_follow_each_under_its_own_label()
    {
        await using var app = new StandingsAppFactory(new()
        {
            [DemoSeeder.SeedSyncSetting] = "true",
            // Few wars and short caches, so the simulated EVE shows a change within seconds instead of an hour.
            ["DemoEsi:Wars"] = "40",
            ["DemoEsi:WarsCacheSeconds"] = "2",
            ["DemoEsi:ReadCacheSeconds"] = "2",
        });
        var store = app.Services.GetRequiredService<DemoEsiStore>();
        var wars = app.Services.GetRequiredService<DemoEsiWars>();
        var ct = TestContext.Current.CancellationToken;
        var personal = store.Contacts(Ada).Single(c => c.ContactId == PirateMenace);

        await browser.WithPageAsync(nameof(An_administrator_adds_a_war_target_list_and_a_mirrored_list_and_an_alts_contacts_follow_each_under_its_own_label), async page =>
        {
            var ui = new StandingsPages(page, app.BaseAddress);
            await ui.SignInAsync("/admin/lists", Ada, "Ada Admiral");

            await CreateListAsync(page, ui, "War targets", "War Targets", priority: 200);
            await CreateListAsync(page, ui, "In-game contacts", "Coalition Blues", priority: 50, reader: "Ada Admiral");
            var (warList, mirrorList) = await app.WithDbAsync(async db => (
                await db.Lists.SingleAsync(l => l.Name == "War Targets", ct), await db.Lists.SingleAsync(l => l.Name == "Coalition Blues", ct)));
            await Expect(ui.ByTestId($"list-{warList.Id}")).ToBeVisibleAsync();

            // The war scan finds the demo alliance's wars; the mirror reads the alliance's list at once. Ada's synced character
            // receives all three lists, each contact labelled by every list that holds it.
            await EventuallyAsync(() => Labels(store, NeutralTraders) is ["War Targets"] && Standing(store, NeutralTraders) == -10, "the attacked corporation is red");
            await EventuallyAsync(() => Labels(store, CrowdIndustries) is ["War Targets"], "its ally is red too");
            await EventuallyAsync(() => Labels(store, BobBlue) is ["Coalition Blues"] && Standing(store, BobBlue) == 5, "the alliance's blue is mirrored");
            await EventuallyAsync(() => Labels(store, FriendlyCoalition) is ["Alliance Standings", "Coalition Blues"], "one contact, both lists' labels");

            // A war starts against us, then ends: its aggressor turns red, then goes.
            var warId = wars.Add(DemoWarParty.Corporation(DemoPersonas.BlueCorporation), DemoWarParty.Alliance(DemoUniverse.HomeAllianceId), started: DateTimeOffset.UtcNow.AddMinutes(-1));
            await EventuallyAsync(() => Labels(store, DemoPersonas.BlueCorporation) is ["War Targets"] && Standing(store, DemoPersonas.BlueCorporation) == -10, "the new aggressor is red");
            wars.Finish(warId);
            await EventuallyAsync(() => !store.Contacts(Ada).Any(c => c.ContactId == DemoPersonas.BlueCorporation), "the finished war's aggressor is gone");

            // The alliance drops Bob Blue and adds Polly Plunder in game; an administrator reads the list now.
            var inGame = store.OrgContacts(DemoUniverse.HomeAllianceId).Where(c => c.ContactId != BobBlue)
                .Append(new DemoEsiOrgContact(PollyPlunder, DemoEsiUniverse.Character, 2.5, [])).ToList();
            store.ReplaceOrgContacts(DemoUniverse.HomeAllianceId, inGame);
            await ReadNowAsync(page, ui, mirrorList.Id);
            await EventuallyAsync(() => Labels(store, PollyPlunder) is ["Coalition Blues"] && Standing(store, PollyPlunder) == 2.5, "the new blue is mirrored");
            await EventuallyAsync(() => !store.Contacts(Ada).Any(c => c.ContactId == BobBlue), "the dropped blue is gone");
            await Expect(ui.ByTestId($"list-entries-{mirrorList.Id}")).ToHaveTextAsync("3");
        });

        // The member's own contact was never touched, though two lists hold that corporation.
        Assert.Equal(personal, store.Contacts(Ada).Single(c => c.ContactId == PirateMenace));
        Assert.Equal(1, store.Contacts(Ada).Count(c => c.ContactId == FriendlyCoalition));
    }

    private static async Task CreateListAsync(IPage page, StandingsPages ui, string source, string name, int priority, string? reader = null)
    {
        await ui.ByTestId("list-new").ClickAsync();
        await ChooseAsync(page, ui, "list-source", source);
        await ui.Field("list-name").FillAsync(name);
        await ui.Field("list-label").FillAsync(name);
        await ui.Field("list-priority").FillAsync(priority.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (reader is not null)
            await ChooseAsync(page, ui, "list-reader", reader);
        await ui.ByTestId("list-save").ClickAsync();
        await Expect(ui.ByTestId("list-dialog")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("lists-table").Locator("td[data-label=Name]").GetByText(name, new() { Exact = true })).ToBeVisibleAsync();
    }

    /// <summary>Opens a MudSelect and picks the option that starts with <paramref name="option"/>.</summary>
    private static async Task ChooseAsync(IPage page, StandingsPages ui, string testId, string option)
    {
        // MudSelect puts the test id on an element inside it: open the select that holds it.
        await page.Locator($".mud-select:has([data-testid={testId}]), .mud-select[data-testid={testId}]").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(option)) }).First.ClickAsync();
    }

    /// <summary>"Read now" waits for ESI's Expires (2 s here): pressed until it reads.</summary>
    private static async Task ReadNowAsync(IPage page, StandingsPages ui, int listId)
    {
        var deadline = DateTimeOffset.UtcNow + Patience;
        while (true)
        {
            await ui.ByTestId($"list-read-now-{listId}").ClickAsync();
            var snack = page.Locator(".mud-snackbar").Last;
            await snack.WaitForAsync();
            var text = await snack.InnerTextAsync();
            if (text.Contains("was read from the game", StringComparison.Ordinal))
                return;
            Assert.Contains("from its cache until", text, StringComparison.Ordinal);
            Assert.True(DateTimeOffset.UtcNow < deadline, $"Read now kept waiting: {text}");
            await Task.Delay(1_000);
        }
    }

    private static string[] Labels(DemoEsiStore store, long contactId)
    {
        var contact = store.Contacts(Ada).SingleOrDefault(c => c.ContactId == contactId);
        if (contact is null)
            return [];
        var names = store.Labels(Ada).ToDictionary(l => l.LabelId, l => l.LabelName);
        return [.. contact.LabelIds.Select(id => names.GetValueOrDefault(id, $"#{id}")).Order(StringComparer.Ordinal)];
    }

    private static double? Standing(DemoEsiStore store, long contactId) =>
        store.Contacts(Ada).SingleOrDefault(c => c.ContactId == contactId)?.Standing;

    private static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        var deadline = DateTimeOffset.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"Timed out waiting for: {what}");
            await Task.Delay(250);
        }
    }
}
