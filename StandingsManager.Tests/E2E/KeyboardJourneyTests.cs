using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace StandingsManager.Tests.E2E;

/// <summary>
/// Request → approve → put a character in sync with the keyboard alone: every control is reached with Tab, shows
/// where the focus is, and works with Enter. No clicks.
/// </summary>
[Trait("Category", "E2E")]
public sealed class KeyboardJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const long Mia = DemoPersonas.Member;

    [Fact]
    public async Task A_member_requests_an_approver_approves_and_the_member_puts_the_character_in_sync_by_keyboard()
    {
        await using var app = new StandingsAppFactory();
        await browser.WithPageAsync(nameof(A_member_requests_an_approver_approves_and_the_member_puts_the_character_in_sync_by_keyboard), async page =>
        {
            var ui = new StandingsPages(page, app.BaseAddress);
            var keys = new Keyboard(page);

            // Mia Member asks for a standing for herself.
            await SignInAsync(ui, keys, "/request-standings", Mia, "Mia Member");
            await keys.TabToAndPressAsync(ui.ByTestId($"request-{Mia}"), "Enter");
            await Expect(ui.ByTestId($"status-{Mia}")).ToContainTextAsync("Pending");
            await SignOutAsync(ui, keys);

            // Abe Approver approves it at +7.5 in the decision dialog.
            await SignInAsync(ui, keys, "/manage/requests", DemoPersonas.Approver, "Abe Approver");
            await keys.TabToAndPressAsync(ui.ByTestId($"approve-{Mia}"), "Enter");
            await Expect(ui.ByTestId("decide-dialog")).ToBeVisibleAsync();
            await keys.TabToAsync(ui.Field("decide-standing"));
            await page.Keyboard.PressAsync("Control+A");
            await page.Keyboard.TypeAsync("7.5");
            await keys.TabToAndPressAsync(ui.ByTestId("decide-confirm"), "Enter");
            await Expect(ui.ByTestId($"queue-entity-{Mia}")).ToHaveCountAsync(0);
            await SignOutAsync(ui, keys);

            // Mia opens My Synced Characters from the menu, grants the contact scopes through EVE and adds her character.
            await SignInAsync(ui, keys, "/", Mia, "Mia Member");
            await keys.TabToAndPressAsync(ui.ByTestId("nav-sync"), "Enter");
            await Expect(page).ToHaveURLAsync(new Uri(app.BaseAddress, "/sync").ToString());
            await ui.WaitForInteractiveAsync();
            await keys.TabToAndPressAsync(ui.ByTestId($"grant-{Mia}"), "Enter");
            await keys.TabToAndPressAsync(page.GetByTestId($"demo-character-{Mia}"), "Enter");
            await Expect(page).ToHaveURLAsync(new Uri(app.BaseAddress, "/sync").ToString());
            await ui.WaitForInteractiveAsync();
            await keys.TabToAndPressAsync(ui.ByTestId($"add-{Mia}"), "Enter");
            await Expect(ui.ByTestId($"health-{Mia}")).ToBeVisibleAsync();
            await Expect(ui.ByTestId($"add-{Mia}")).ToHaveCountAsync(0);
        });

        var entry = await app.WithDbAsync(db => db.Standings.SingleAsync(s => s.EntityId == Mia));
        Assert.Equal(7.5, entry.Standing);
        Assert.True(await app.WithDbAsync(db => db.SyncedCharacters.AnyAsync(s => s.CharacterId == Mia && s.Enabled)));
    }

    /// <summary>From a page, by keyboard: to the sign-in page when the page needs it, then EVE's character picker.</summary>
    private static async Task SignInAsync(StandingsPages ui, Keyboard keys, string path, long characterId, string name)
    {
        await ui.GotoAsync(path == "/" ? "/login" : path);
        await ui.WaitForInteractiveAsync();
        await keys.TabToAndPressAsync(ui.ByTestId("sign-in"), "Enter");
        await keys.TabToAndPressAsync(ui.ByTestId($"demo-character-{characterId}"), "Enter");
        await Expect(ui.ByTestId("signed-in-as")).ToHaveTextAsync(name);
        await ui.WaitForInteractiveAsync();
    }

    private static async Task SignOutAsync(StandingsPages ui, Keyboard keys)
    {
        await keys.TabToAndPressAsync(ui.ByTestId("sign-out"), "Enter");
        await Expect(ui.ByTestId("home-sign-in")).ToBeVisibleAsync();
    }

    /// <summary>Moves the focus with Tab only, and checks the focused control is marked where a sighted user can see it.</summary>
    private sealed class Keyboard(IPage page)
    {
        // More than any page here has controls before its main content; a control past it counts as unreachable.
        private const int MostTabs = 80;

        public async Task TabToAsync(ILocator target)
        {
            await target.WaitForAsync();
            // As a person would: Shift+Tab back to a control before the focus (the app bar, from a page's heading), Tab forward otherwise.
            var backwards = await target.EvaluateAsync<bool>("e => !!document.activeElement && document.activeElement !== document.body && !!(e.compareDocumentPosition(document.activeElement) & Node.DOCUMENT_POSITION_FOLLOWING)");
            for (var presses = 0; presses < MostTabs; presses++)
            {
                await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
                if (await target.EvaluateAsync<bool>("e => e === document.activeElement || e.contains(document.activeElement)"))
                {
                    await AssertFocusVisibleAsync(target);
                    return;
                }
            }
            Assert.Fail($"Tab never reached {target} on {page.Url}");
        }

        public async Task TabToAndPressAsync(ILocator target, string key)
        {
            await TabToAsync(target);
            await page.Keyboard.PressAsync(key);
        }

        private async Task AssertFocusVisibleAsync(ILocator target)
        {
            // Text fields show focus with MudBlazor's underline and label colour; every other control draws an outline.
            var outline = await page.EvaluateAsync<string>("""
                () => {
                  const e = document.activeElement;
                  if (e.matches('input, textarea')) return 'field';
                  const s = getComputedStyle(e);
                  return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 ? 'outline' : 'none';
                }
                """);
            Assert.True(outline != "none", $"{target} has the focus but shows no outline");
        }
    }
}
