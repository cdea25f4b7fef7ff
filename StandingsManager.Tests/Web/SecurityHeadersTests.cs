using System.Net;
using StandingsManager.App.Security;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Web;

/// <summary>The headers that keep browsers from framing, sniffing or caching what they should not.</summary>
public sealed class SecurityHeadersTests(SecurityHeadersTests.Server server) : IClassFixture<SecurityHeadersTests.Server>
{
    public sealed class Server : IAsyncLifetime
    {
        public StandingsAppFactory App { get; } = new();
        public ValueTask InitializeAsync() => ValueTask.CompletedTask;
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/")]
    [InlineData("/login")]
    [InlineData("/healthz")]
    [InlineData("/app.css")]
    public async Task Every_response_carries_the_policy_nosniff_and_no_framing(string path)
    {
        using var browser = new DemoSignIn(server.App.BaseAddress);

        var response = await browser.Client.GetAsync(path, Ct);

        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Contains("frame-ancestors 'none'", SecurityHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task The_standings_export_is_never_cached()
    {
        using var browser = new DemoSignIn(server.App.BaseAddress);
        await browser.SignInAsync(DemoPersonas.Approver);

        var response = await browser.Client.GetAsync("/standings/export.csv", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, $"Cache-Control: {response.Headers.CacheControl}");
    }
}
