using StandingsManager.Tests.TestSupport;
using System.Globalization;
using System.Reflection;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using StandingsManager.App.Components.Layout;
using StandingsManager.App.Components.Pages;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Localization;

namespace StandingsManager.Tests.Components;

/// <summary>
/// Every page (each routable component, found by its @page route) renders inside the layout in each of the eight
/// languages without asking for a text the resources lack; the parts translated so far read differently in German and
/// Russian than in English.
/// </summary>
public sealed class LanguagesRenderTests : PageTestContext
{
    private const long AdminCharacter = 90_000_001;

    public static TheoryData<string> Cultures() => [.. Languages.Supported];

    private static IReadOnlyList<Type> Pages() =>
        [.. typeof(Home).Assembly.GetTypes().Where(t => typeof(IComponent).IsAssignableFrom(t) && t.GetCustomAttributes<RouteAttribute>().Any()).OrderBy(t => t.FullName, StringComparer.Ordinal)];

    private async Task SignInAdministratorAsync()
    {
        // Administrator implies every other role, so every page renders its full self.
        var admin = await SeedAccountAsync("Ada Admin", AdminCharacter, Role.Administrator);
        await MakeMemberAsync(AdminCharacter);
        SignIn(admin, "Ada Admin", Role.Administrator);
    }

    private static void Speak(string culture) => CoreLanguage.Set(culture);

    private IRenderedComponent<MainLayout> RenderInLayout(Type page) =>
        Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b =>
        {
            b.OpenComponent(0, page);
            b.CloseComponent();
        })));

    [Fact]
    public void The_pages_are_found_by_their_routes()
    {
        var pages = Pages();
        Assert.Contains(typeof(Home), pages);
        Assert.Contains(typeof(Login), pages);
        Assert.True(pages.Count >= 15, $"only {pages.Count} routable components");
    }

    [Theory]
    [MemberData(nameof(Cultures))]
    public async Task Every_page_renders_in_the_language_without_a_missing_text(string culture)
    {
        await SignInAdministratorAsync();
        Speak(culture);

        foreach (var page in Pages())
        {
            var cut = RenderInLayout(page);
            // The layout is whole around each page: the sign-out button and the menu, in the page's language.
            cut.WaitForAssertion(() => Assert.NotEmpty(cut.Find("[data-testid=sign-out]").TextContent.Trim()));
            Assert.NotEmpty(cut.FindAll("[data-testid=nav-standings]"));
            if (page == typeof(Home))
                cut.WaitForElement("[data-testid=member-request]");
            await DisposeComponentsAsync();
        }

        Assert.Empty(MissingTexts);
    }

    [Fact]
    public void A_text_the_resources_lack_is_noticed()
    {
        var texts = Services.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<StandingsManager.App.Localization.UiText>>();

        Assert.False(texts["Nav.Standings"].ResourceNotFound);
        _ = texts["Nav.NoSuchText"];

        Assert.Equal(["UiText: Nav.NoSuchText (" + CultureInfo.CurrentUICulture.Name + ")"], MissingTexts);
    }

    [Theory]
    [InlineData("de")]
    [InlineData("ru")]
    public async Task The_layout_the_dashboard_and_sign_in_read_in_the_language(string culture)
    {
        await SignInAdministratorAsync();
        Speak("en");
        var english = Read(RenderInLayout(typeof(Home)));
        await DisposeComponentsAsync();

        Speak(culture);
        var translated = Read(RenderInLayout(typeof(Home)));

        Assert.All(english.Keys, part => Assert.NotEqual(english[part], translated[part]));
        Assert.Empty(MissingTexts);
    }

    [Theory]
    [InlineData("de", "Mit EVE Online anmelden")]
    [InlineData("ru", "Войти через EVE Online")]
    [InlineData("en", "Log in with EVE Online")]
    public void The_sign_in_page_reads_in_the_language(string culture, string button)
    {
        Speak(culture);

        var cut = Render<Login>();

        Assert.Equal(button, cut.Find("[data-testid=sign-in]").TextContent.Trim());
        Assert.Empty(MissingTexts);
    }

    /// <summary>The translated parts of the dashboard in its layout, by what they are.</summary>
    private static Dictionary<string, string> Read(IRenderedComponent<MainLayout> cut)
    {
        cut.WaitForElement("[data-testid=member-request]");
        string Text(string selector) => cut.Find(selector).TextContent.Trim();
        return new Dictionary<string, string>
        {
            ["sign out"] = Text("[data-testid=sign-out]"),
            ["menu: standings"] = Text("[data-testid=nav-standings]"),
            ["menu: characters"] = Text("[data-testid=nav-characters]"),
            ["page title"] = Text("h1"),
            ["dashboard: request"] = Text("[data-testid=member-request]"),
            ["dashboard: all clear"] = Text("[data-testid=member-all-clear]"),
        };
    }
}
