using System.Net;
using StandingsManager.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace StandingsManager.Tests.E2E;

/// <summary>
/// The app as deployed (<see cref="DeployedInstance"/>: its own Production process behind nginx over HTTPS): signing in,
/// a sign-in cancelled at EVE, someone reaching the app's port over plain HTTP, and the metrics port.
/// </summary>
[Trait("Category", "E2E")]
public sealed class DeployedJourneyTests(BrowserFixture browser, DeployedInstance deployed) : IClassFixture<BrowserFixture>, IClassFixture<DeployedInstance>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Behind_nginx_a_cancelled_sign_in_returns_to_the_login_page_the_next_one_works_and_plain_http_explains_https()
    {
        await browser.WithPageAsync(nameof(Behind_nginx_a_cancelled_sign_in_returns_to_the_login_page_the_next_one_works_and_plain_http_explains_https), async page =>
        {
            var ui = new StandingsPages(page, deployed.HttpsAddress);

            // Cancel on the (simulated) EVE page: back on the login page with a message, still signed out.
            await ui.GotoAsync("/request-standings");
            await ui.WaitForInteractiveAsync();
            await ui.ByTestId("sign-in").ClickAsync();
            await ui.ByTestId("demo-cancel").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Uri(deployed.HttpsAddress, "/login?returnUrl=%2Frequest-standings&signin=cancelled").ToString());
            await Expect(ui.ByTestId("sign-in-problem")).ToHaveTextAsync("Sign-in was cancelled or expired: try again.");

            // Trying again from there signs in, over HTTPS through the proxy, with a live circuit (WebSockets pass).
            await ui.SignInAsync("/request-standings", DemoPersonas.Member, "Mia Member");
            await Expect(ui.ByTestId($"request-{DemoPersonas.Member}")).ToBeVisibleAsync();
            var cookies = await page.Context.CookiesAsync();
            Assert.Contains(cookies, c => c.Name == "standings.auth");
            Assert.All(cookies, c => Assert.True(c.Secure, $"{c.Name} is Secure"));

            // The app's own port over plain HTTP: the explanation, not an error page.
            var plain = await page.GotoAsync(deployed.PlainAddress.ToString());
            Assert.Equal(400, plain!.Status);
            await Expect(ui.ByTestId("https-required")).ToHaveTextAsync("StandingsManager must be reached over HTTPS");
            await Expect(page.GetByText("X-Forwarded-Proto: https")).ToBeVisibleAsync();
            await page.GotoAsync(new Uri(deployed.PlainAddress, "/login").ToString());
        }, ignoreHttpsErrors: true);

        // One warning for the plain-HTTP visits, and no error (nor stack trace) for any of it.
        var output = deployed.AppOutput;
        Assert.Single(output, l => l.StartsWith("warn: StandingsManager.App.Deployment.HttpsRequirement", StringComparison.Ordinal));
        Assert.DoesNotContain(output, l => l.StartsWith("fail:", StringComparison.Ordinal) || l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_metrics_port_answers_metrics_and_nothing_else()
    {
        using var client = DeployedInstance.NewClient(deployed.MetricsAddress);

        using var metrics = await client.GetAsync("/metrics", Ct);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Contains("standings_queue_size", await metrics.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        foreach (var path in new[] { "/", "/login", "/healthz", "/auth/login", "/_framework/blazor.web.js" })
        {
            // Claiming to come through the TLS proxy changes nothing.
            using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { { "X-Forwarded-Proto", "https" } } };
            using var response = await client.SendAsync(request, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path} on the metrics port answered {(int)response.StatusCode}");
        }
    }
}
