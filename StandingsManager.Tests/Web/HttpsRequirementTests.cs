using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Web;

/// <summary>
/// A published instance's cookies are Secure, so plain HTTP cannot work: it gets a page that says how to set up HTTPS,
/// and the log one warning. Forwarded headers count only from <c>ForwardedHeaders:KnownProxies</c> (loopback by default).
/// </summary>
public sealed class HttpsRequirementTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Plain_http_gets_the_https_page_no_cookie_and_one_warning()
    {
        using var logs = new CapturingLoggerProvider();
        await using var app = new StandingsAppFactory(services: s => s.AddSingleton<ILoggerProvider>(logs), secureCookies: true);
        using var client = app.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = app.BaseAddress });

        var responses = new List<HttpResponseMessage>();
        foreach (var path in new[] { "/", "/login", "/request-standings", "/auth/login" })
            responses.Add(await client.GetAsync(path, Ct));
        var health = await client.GetAsync("/healthz", Ct); // monitors on the machine still probe over plain HTTP

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.All(responses, r => Assert.False(r.Headers.Contains("Set-Cookie")));
        var page = await responses[0].Content.ReadAsStringAsync(Ct);
        Assert.Contains("StandingsManager must be reached over HTTPS", page, StringComparison.Ordinal);
        Assert.Contains("X-Forwarded-Proto: https", page, StringComparison.Ordinal);
        Assert.Contains("ForwardedHeaders:KnownProxies", page, StringComparison.Ordinal);
        Assert.Contains("Kestrel:Endpoints", page, StringComparison.Ordinal);
        Assert.Contains("README", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Single(logs.Lines, l => l.StartsWith("Warning StandingsManager.App.Deployment.HttpsRequirement", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Forwarded_headers_from_an_address_not_in_KnownProxies_are_not_believed_even_with_the_environment_switch()
    {
        using var logs = new CapturingLoggerProvider();
        await using var app = new StandingsAppFactory(new()
        {
            ["ForwardedHeaders:KnownProxies:0"] = "10.0.0.2",
            ["FORWARDEDHEADERS_ENABLED"] = "true", // ASP.NET Core's switch, which used to trust every address
        }, services: s => s.AddSingleton<ILoggerProvider>(logs), secureCookies: true);
        // The test's proxy connects from loopback, which the setting no longer lists.
        using var browser = new DemoSignIn(app.BaseAddress, new DemoSignIn.TlsProxy());

        var response = await browser.Client.GetAsync("/login", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(logs.Lines, l => l.StartsWith("Warning StandingsManager.App.Deployment.HttpsRequirement", StringComparison.Ordinal)
            && l.Contains("is not in ForwardedHeaders:KnownProxies", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_listed_proxy_network_is_believed()
    {
        await using var app = new StandingsAppFactory(new() { ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.0/8" }, secureCookies: true);
        using var browser = new DemoSignIn(app.BaseAddress, new DemoSignIn.TlsProxy());

        var landed = await browser.SignInAsync(DemoPersonas.Member);

        Assert.Equal("/", landed.OriginalString);
    }
}
