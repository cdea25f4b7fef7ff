using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Web;

/// <summary>
/// Which language a page comes in: the account's saved language, else the culture cookie, else Accept-Language, else
/// English; and the picker's endpoint, which only ever sends the browser back to a page of this app.
/// </summary>
public sealed partial class LanguageChoiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string EnglishLogin = "Log in with EVE Online";
    private const string GermanLogin = "Mit EVE Online anmelden";
    private const string RussianLogin = "Войти через EVE Online";
    private const string ChineseLogin = "使用 EVE Online 登录";

    private static async Task<string> LoginPageAsync(StandingsAppFactory app, string? acceptLanguage, string? cultureCookie = null)
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/login");
        if (acceptLanguage is not null)
            request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        if (cultureCookie is not null)
            request.Headers.TryAddWithoutValidation("Cookie", $".AspNetCore.Culture={Uri.EscapeDataString($"c={cultureCookie}|uic={cultureCookie}")}");
        var response = await client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Blazor writes non-ASCII letters as character references.
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Accept_Language_picks_the_language_and_an_unsupported_one_falls_back_to_English()
    {
        await using var app = new StandingsAppFactory();

        Assert.Contains(GermanLogin, await LoginPageAsync(app, "de-DE,de;q=0.9,en;q=0.5"), StringComparison.Ordinal);
        Assert.Contains(RussianLogin, await LoginPageAsync(app, "ru"), StringComparison.Ordinal);
        // zh-CN's parent culture is zh-Hans, the app's Simplified Chinese.
        Assert.Contains(ChineseLogin, await LoginPageAsync(app, "zh-CN"), StringComparison.Ordinal);
        // Traditional Chinese and Portuguese are not EVE client languages: English, not the nearest guess.
        var portuguese = await LoginPageAsync(app, "pt-BR,pt;q=0.9");
        Assert.Contains(EnglishLogin, portuguese, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\"", portuguese, StringComparison.Ordinal);
        Assert.Contains(EnglishLogin, await LoginPageAsync(app, "zh-TW"), StringComparison.Ordinal);
        Assert.Contains(EnglishLogin, await LoginPageAsync(app, null), StringComparison.Ordinal);
        // A lower-ranked supported language still beats the fallback.
        Assert.Contains(RussianLogin, await LoginPageAsync(app, "pt-BR, ru;q=0.5"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_culture_cookie_wins_over_Accept_Language()
    {
        await using var app = new StandingsAppFactory();

        var page = await LoginPageAsync(app, "ru-RU,ru;q=0.9", cultureCookie: "de");

        Assert.Contains(GermanLogin, page, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"de\"", page, StringComparison.Ordinal);
        // A cookie naming a language the app does not speak is ignored, not obeyed.
        Assert.Contains(RussianLogin, await LoginPageAsync(app, "ru", cultureCookie: "pt"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_saved_account_language_wins_over_the_cookie_and_Accept_Language_and_comes_back_at_sign_in()
    {
        await using var app = new StandingsAppFactory();
        using var laptop = new DemoSignIn(app.BaseAddress);
        laptop.Client.DefaultRequestHeaders.TryAddWithoutValidation("Accept-Language", "de");
        await laptop.SignInAsync(DemoPersonas.Member);

        var picked = await PickAsync(laptop, "fr", "/notifications");

        Assert.Equal(HttpStatusCode.Redirect, picked.StatusCode);
        Assert.Equal("/notifications", picked.Headers.Location!.OriginalString);
        var account = await app.AccountOfAsync(DemoPersonas.Member);
        Assert.Equal("fr", await app.WithDbAsync(db => db.Accounts.Where(a => a.Id == account).Select(a => a.Language).SingleAsync(Ct)));
        // Another culture in the cookie and German in the header: the account's French still wins.
        laptop.Cookies.Add(app.BaseAddress, new Cookie(".AspNetCore.Culture", Uri.EscapeDataString("c=ru|uic=ru")));
        Assert.Contains("Tableau de bord", await laptop.Client.GetStringAsync("/", Ct), StringComparison.Ordinal);

        // A fresh browser in German: signing in brings the account's French, as a cookie that outlasts the session.
        using var phone = new DemoSignIn(app.BaseAddress);
        phone.Client.DefaultRequestHeaders.TryAddWithoutValidation("Accept-Language", "de");
        Assert.Contains(GermanLogin, await phone.Client.GetStringAsync("/login", Ct), StringComparison.Ordinal);
        await phone.SignInAsync(DemoPersonas.Member);
        Assert.Contains("Tableau de bord", await phone.Client.GetStringAsync("/", Ct), StringComparison.Ordinal);
        Assert.Contains("c%3Dfr", phone.Cookies.GetCookies(app.BaseAddress)[".AspNetCore.Culture"]?.Value ?? "", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("/%09/evil.example")]
    [InlineData("")]
    public async Task The_picker_refuses_a_return_address_outside_the_app_and_changes_nothing(string returnUrl)
    {
        await using var app = new StandingsAppFactory();
        using var browser = new DemoSignIn(app.BaseAddress);
        await browser.SignInAsync(DemoPersonas.Member);

        var refused = await PickAsync(browser, "de", Uri.UnescapeDataString(returnUrl));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Null(refused.Headers.Location);
        Assert.DoesNotContain(refused.Headers.TryGetValues("Set-Cookie", out var set) ? set : [], c => c.StartsWith(".AspNetCore.Culture", StringComparison.Ordinal));
        var account = await app.AccountOfAsync(DemoPersonas.Member);
        Assert.Null(await app.WithDbAsync(db => db.Accounts.Where(a => a.Id == account).Select(a => a.Language).SingleAsync(Ct)));
    }

    [Fact]
    public async Task The_picker_needs_the_forms_token_and_a_language_the_app_speaks()
    {
        await using var app = new StandingsAppFactory();
        using var browser = new DemoSignIn(app.BaseAddress);
        await browser.SignInAsync(DemoPersonas.Member);

        var forged = await browser.Client.PostAsync("/language", new FormUrlEncodedContent(new Dictionary<string, string> { ["culture"] = "de", ["returnUrl"] = "/" }), Ct);
        var unknown = await PickAsync(browser, "pt", "/");

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var account = await app.AccountOfAsync(DemoPersonas.Member);
        Assert.Null(await app.WithDbAsync(db => db.Accounts.Where(a => a.Id == account).Select(a => a.Language).SingleAsync(Ct)));
    }

    /// <summary>Posts the picker's form as the browser does, with the antiforgery token a page of the app carries.</summary>
    private static async Task<HttpResponseMessage> PickAsync(DemoSignIn browser, string culture, string returnUrl)
    {
        var html = await browser.Client.GetStringAsync("/notifications", Ct);
        var token = AntiforgeryField().Match(html).Groups[1].Value;
        Assert.NotEmpty(token);
        return await browser.Client.PostAsync("/language", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["culture"] = culture,
            ["returnUrl"] = returnUrl,
        }), Ct);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
