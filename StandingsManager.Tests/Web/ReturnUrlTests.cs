using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Web;

/// <summary>After sign-in the app sends the browser back only to a page of its own: every known open-redirect trick lands on "/".</summary>
public sealed class ReturnUrlTests : IAsyncLifetime
{
    private readonly StandingsAppFactory _app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    // Raw query values: what an attacker puts in the link.
    private static readonly string[] Bypasses =
    [
        "//evil.example",
        "/%5Cevil.example",         // "/\evil.example"
        "/%09/evil.example",        // a tab the browser strips: "//evil.example"
        "/%0d/evil.example",        // a carriage return, likewise
        "%5C%5Cevil.example",       // "\\evil.example"
        "http:evil.example",
        "/%2F%2Fevil.example",      // "///evil.example" once decoded
        "https%3A%2F%2Fevil.example%2F",
        "",
    ];

    [Fact]
    public async Task Every_known_open_redirect_lands_on_the_home_page()
    {
        foreach (var raw in Bypasses)
        {
            using var browser = new DemoSignIn(_app.BaseAddress);
            var landed = await browser.SignInWithRawReturnUrlAsync(DemoPersonas.Member, raw);
            Assert.True(landed.OriginalString == "/", $"returnUrl={raw} sent the browser to {landed.OriginalString}");
        }
    }

    [Fact]
    public async Task A_page_of_the_app_is_where_sign_in_returns()
    {
        using var browser = new DemoSignIn(_app.BaseAddress);

        var landed = await browser.SignInAsync(DemoPersonas.Member, "/sync?from=mail");

        Assert.Equal("/sync?from=mail", landed.OriginalString);
    }
}
