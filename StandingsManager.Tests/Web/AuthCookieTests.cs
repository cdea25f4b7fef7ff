using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Web;

/// <summary>A published instance's cookies are Secure and work behind a TLS proxy; signing out ends the session on the server.</summary>
public sealed partial class AuthCookieTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Behind_a_TLS_proxy_sign_in_works_and_every_cookie_is_secure()
    {
        // No setting: a proxy on loopback is trusted by default.
        await using var app = new StandingsAppFactory(secureCookies: true);
        using var browser = new DemoSignIn(app.BaseAddress, new DemoSignIn.TlsProxy());

        var landed = await browser.SignInAsync(DemoPersonas.Member, "/request-standings");
        var page = await browser.Client.GetAsync("/request-standings", Ct);

        Assert.Equal("/request-standings", landed.OriginalString);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(browser.Proxy!.SetCookies, c => c.StartsWith("standings.auth=", StringComparison.Ordinal));
        Assert.All(browser.Proxy.SetCookies, c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task In_development_the_cookies_work_over_plain_http()
    {
        await using var app = new StandingsAppFactory(environment: "Development", secureCookies: true);
        using var browser = new DemoSignIn(app.BaseAddress);

        await browser.SignInAsync(DemoPersonas.Member);

        Assert.Equal(HttpStatusCode.OK, (await browser.Client.GetAsync("/request-standings", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_copied_cookie_stops_working_after_sign_out()
    {
        await using var app = new StandingsAppFactory();
        using var browser = new DemoSignIn(app.BaseAddress);
        await browser.SignInAsync(DemoPersonas.Member);
        using var thief = new HttpClient(new HttpClientHandler { CookieContainer = Copy(browser.Cookies, app.BaseAddress), AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await thief.GetAsync("/request-standings", Ct)).StatusCode);

        await SignOutAsync(browser);
        var after = await thief.GetAsync("/request-standings", Ct);

        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/login", after.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Sessions.CountAsync(Ct)));
    }

    [Fact]
    public async Task Signing_out_in_one_browser_leaves_the_accounts_other_browsers_signed_in()
    {
        await using var app = new StandingsAppFactory();
        using var laptop = new DemoSignIn(app.BaseAddress);
        using var phone = new DemoSignIn(app.BaseAddress);
        await laptop.SignInAsync(DemoPersonas.Member);
        await phone.SignInAsync(DemoPersonas.Member);

        await SignOutAsync(laptop);

        Assert.Equal(HttpStatusCode.Redirect, (await laptop.Client.GetAsync("/request-standings", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await phone.Client.GetAsync("/request-standings", Ct)).StatusCode);
    }

    private static async Task SignOutAsync(DemoSignIn browser)
    {
        var html = await browser.Client.GetStringAsync("/request-standings", Ct);
        var token = AntiforgeryField().Match(html).Groups[1].Value;
        Assert.NotEmpty(token);
        var response = await browser.Client.PostAsync("/auth/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private static CookieContainer Copy(CookieContainer cookies, Uri site)
    {
        var copy = new CookieContainer();
        foreach (Cookie cookie in cookies.GetCookies(site))
            copy.Add(site, new Cookie(cookie.Name, cookie.Value, cookie.Path));
        return copy;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
