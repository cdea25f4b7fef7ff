using System.Net;
using StandingsManager.App.Security;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Web;

/// <summary>What anonymous visitors and members can trigger over HTTP is limited, with a clear "try again in N s".</summary>
public sealed class RateLimitTests(RateLimitTests.Server server) : IClassFixture<RateLimitTests.Server>
{
    public sealed class Server : IAsyncLifetime
    {
        // An hour's window: nothing refills while a test runs.
        public StandingsAppFactory App { get; } = new(new()
        {
            ["RateLimits:Window"] = "01:00:00",
            ["RateLimits:HealthChecks"] = "2",
            ["RateLimits:CircuitStarts"] = "1",
        });

        public ValueTask InitializeAsync() => ValueTask.CompletedTask;
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Health_checks_past_the_limit_get_429_with_when_to_try_again()
    {
        using var monitor = new DemoSignIn(server.App.BaseAddress);

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 2; i++)
            answers.Add((await monitor.Client.GetAsync("/healthz", Ct)).StatusCode);
        var refused = await monitor.Client.GetAsync("/healthz", Ct);

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, answers);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = Assert.Single(refused.Headers.GetValues("Retry-After"));
        Assert.InRange(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture), 3500, 3600);
        Assert.Equal($"Too many requests: try again in {retryAfter} s.", await refused.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Page_starts_count_per_account_once_signed_in()
    {
        using var mia = new DemoSignIn(server.App.BaseAddress);
        await mia.SignInAsync(DemoPersonas.Member);
        using var abe = new DemoSignIn(server.App.BaseAddress);
        await abe.SignInAsync(DemoPersonas.Approver);

        var first = await StartCircuitAsync(mia);
        var again = await StartCircuitAsync(mia);
        // Same address, another account: its own allowance.
        var other = await StartCircuitAsync(abe);

        Assert.Equal(HttpStatusCode.OK, first);
        Assert.Equal(HttpStatusCode.TooManyRequests, again);
        Assert.Equal(HttpStatusCode.OK, other);
    }

    [Fact]
    public async Task Anonymous_page_starts_count_per_address()
    {
        using var visitor = new DemoSignIn(server.App.BaseAddress);
        using var another = new DemoSignIn(server.App.BaseAddress);

        var first = await StartCircuitAsync(visitor);
        // Another anonymous browser on the same address shares the allowance.
        var again = await StartCircuitAsync(another);

        Assert.Equal(HttpStatusCode.OK, first);
        Assert.Equal(HttpStatusCode.TooManyRequests, again);
    }

    [Fact]
    public async Task A_refused_browser_reads_when_to_try_again_in_its_language()
    {
        using var ann = new DemoSignIn(server.App.BaseAddress);
        ann.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de-DE");
        await ann.SignInAsync(DemoPersonas.Auditor);

        Assert.Equal(HttpStatusCode.OK, await StartCircuitAsync(ann));
        var refused = await ann.Client.PostAsync($"{HttpRateLimits.CircuitStartPath}?negotiateVersion=1", null, Ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = Assert.Single(refused.Headers.GetValues("Retry-After"));
        Assert.Equal($"Zu viele Anfragen: Versuchen Sie es in {retryAfter} s erneut.", await refused.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<HttpStatusCode> StartCircuitAsync(DemoSignIn browser) =>
        (await browser.Client.PostAsync($"{HttpRateLimits.CircuitStartPath}?negotiateVersion=1", null, Ct)).StatusCode;
}
