using StandingsManager.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace StandingsManager.Tests.E2E;

/// <summary>
/// A player whose browser speaks German (or Russian) signs in to the demo and reads the menu and dashboard in it,
/// switches language with the picker, and keeps the choice after a reload and after signing in again elsewhere.
/// </summary>
[Trait("Category", "E2E")]
public sealed class LanguageJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private sealed record Words(string SignIn, string Characters, string Request, string SignOut);

    private static readonly Dictionary<string, Words> Texts = new()
    {
        ["de"] = new("Mit EVE Online anmelden", "Charaktere", "Ansehen beantragen", "Abmelden"),
        ["ru"] = new("Войти через EVE Online", "Персонажи", "Запросить репутацию", "Выйти"),
    };

    [Theory]
    [InlineData("de-DE", "de", "ru")]
    [InlineData("ru-RU", "ru", "de")]
    public async Task The_browsers_language_then_the_picked_one_sticks_after_reload_and_sign_in(string locale, string first, string picked)
    {
        await using var app = new StandingsAppFactory();
        await browser.WithPageAsync($"{nameof(LanguageJourneyTests)}-{first}", async page =>
        {
            var ui = new StandingsPages(page, app.BaseAddress);
            await ui.GotoAsync("/login");
            await Expect(ui.ByTestId("sign-in")).ToHaveTextAsync(Texts[first].SignIn);
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", first);

            await ui.SignInAsync("/notifications", DemoPersonas.Member, "Mia Member");
            await ui.GotoAsync("/");
            await ui.WaitForInteractiveAsync();
            await Expect(ui.ByTestId("nav-characters")).ToHaveTextAsync(Texts[first].Characters);
            await Expect(ui.ByTestId("member-request")).ToHaveTextAsync(Texts[first].Request);
            await Expect(ui.ByTestId("sign-out")).ToHaveTextAsync(Texts[first].SignOut);

            // The picker posts, the server saves the choice, and the page comes back in it.
            await page.Locator("[data-testid=language-picker] button").First.ClickAsync();
            await ui.ByTestId($"language-{picked}").ClickAsync();
            await Expect(ui.ByTestId("nav-characters")).ToHaveTextAsync(Texts[picked].Characters);
            await Expect(ui.ByTestId("member-request")).ToHaveTextAsync(Texts[picked].Request);
            await Expect(page).ToHaveURLAsync(new Uri(app.BaseAddress, "/").ToString());

            await page.ReloadAsync();
            await ui.WaitForInteractiveAsync();
            await Expect(ui.ByTestId("nav-characters")).ToHaveTextAsync(Texts[picked].Characters);

            // A browser that forgot everything (its locale still the first language): signing in brings the saved one.
            await page.Context.ClearCookiesAsync();
            await ui.GotoAsync("/login");
            await Expect(ui.ByTestId("sign-in")).ToHaveTextAsync(Texts[first].SignIn);
            await ui.SignInAsync("/notifications", DemoPersonas.Member, "Mia Member");
            await Expect(ui.ByTestId("nav-characters")).ToHaveTextAsync(Texts[picked].Characters);
            await Expect(ui.ByTestId("sign-out")).ToHaveTextAsync(Texts[picked].SignOut);
        }, locale: locale);
    }
}
