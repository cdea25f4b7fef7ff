using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StandingsManager.App.Demo;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Web;

/// <summary>
/// A sign-in that cannot finish (Cancel at EVE, a stale or forged state, EVE failing) lands on the login page with a
/// message and one log line, never the error page; a failing affiliation look-up never fails the sign-in at all.
/// </summary>
public sealed class SignInFailureTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly CapturingLoggerProvider _logs = new();

    private StandingsAppFactory NewApp() => new(
        new() { ["Logging:LogLevel:StandingsManager"] = "Information", ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning" },
        services: s => s.AddSingleton<ILoggerProvider>(_logs));

    [Fact]
    public async Task Cancel_at_EVE_lands_on_the_login_page_with_a_message_and_one_info_line()
    {
        await using var app = NewApp();
        using var browser = new DemoSignIn(app.BaseAddress);

        var landed = await browser.CancelSignInAsync("/request-standings");
        var login = await browser.Client.GetStringAsync(landed, Ct);
        var protectedPage = await browser.Client.GetAsync("/request-standings", Ct);

        Assert.Equal("/login?returnUrl=%2Frequest-standings&signin=cancelled", landed.OriginalString);
        Assert.Contains("Sign-in was cancelled or expired: try again.", login, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, protectedPage.StatusCode); // still signed out
        var line = Assert.Single(SignInLines());
        Assert.StartsWith("Information", line, StringComparison.Ordinal);
        Assert.Contains("access_denied", line, StringComparison.Ordinal);
        Assert.DoesNotContain(_logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_forged_or_stale_state_lands_on_the_login_page()
    {
        await using var app = NewApp();
        using var browser = new DemoSignIn(app.BaseAddress);

        var forged = await browser.Client.GetAsync("/signin-eve?code=abc&state=forged", Ct);
        var cancelledWithForgedState = await browser.Client.GetAsync("/signin-eve?error=access_denied&state=forged", Ct);

        Assert.Equal(HttpStatusCode.Redirect, forged.StatusCode);
        Assert.Equal("/login?returnUrl=%2F&signin=cancelled", forged.Headers.Location!.OriginalString);
        Assert.Equal("/login?returnUrl=%2F&signin=cancelled", cancelledWithForgedState.Headers.Location!.OriginalString);
        Assert.Equal(2, SignInLines().Count);
        Assert.DoesNotContain(_logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_line_break_in_the_error_EVE_sends_back_cannot_forge_a_second_log_line()
    {
        await using var app = NewApp();
        using var browser = new DemoSignIn(app.BaseAddress);

        // Anyone can send a visitor to the callback with an "error" of their choosing.
        var landed = await browser.Client.GetAsync("/signin-eve?error=access_denied%0D%0ACritical%20Forged:%20admin%20granted%0Ax&state=forged", Ct);

        Assert.Equal(HttpStatusCode.Redirect, landed.StatusCode);
        var line = Assert.Single(SignInLines());
        Assert.DoesNotContain('\r', line);
        Assert.DoesNotContain('\n', line);
        Assert.Contains("access_denied\\r\\nCritical Forged: admin granted\\nx", line, StringComparison.Ordinal);
        Assert.DoesNotContain(_logs.Lines, l => l.StartsWith("Critical", StringComparison.Ordinal) || l.Contains("\nCritical", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EVE_failing_during_the_callback_lands_on_the_login_page_with_a_warning()
    {
        await using var app = NewApp();
        using var browser = new DemoSignIn(app.BaseAddress);
        app.Services.GetRequiredService<DemoSsoServer>().JwksUnavailable = true; // the token cannot be validated

        var landed = await browser.SignInAsync(DemoPersonas.Member);
        var login = await browser.Client.GetStringAsync(landed, Ct);

        Assert.Equal("/login?returnUrl=%2F&signin=failed", landed.OriginalString);
        Assert.Contains("try again in a minute", login, StringComparison.Ordinal);
        Assert.StartsWith("Warning", Assert.Single(SignInLines()), StringComparison.Ordinal);
        Assert.DoesNotContain(_logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failing_affiliation_look_up_does_not_fail_the_sign_in()
    {
        await using var app = NewApp();
        using var browser = new DemoSignIn(app.BaseAddress);
        // The real database refusing what the quick look-up writes: not an ESI failure, which was already handled.
        await app.WithDbAsync(async db =>
        {
            await db.AddRefusingTriggerAsync("Test_NoAffiliations", "BEFORE UPDATE OF \"CorporationId\"", "Characters", "no affiliations in this test", Ct);
            return 0;
        });

        var landed = await browser.SignInAsync(DemoPersonas.BlueAlt);
        var home = await browser.Client.GetAsync("/", Ct);

        Assert.Equal("/", landed.OriginalString);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains(_logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal)
            && l.Contains($"Could not refresh the affiliation of character {DemoPersonas.BlueAlt} at sign-in", StringComparison.Ordinal));
    }

    public void Dispose() => _logs.Dispose();

    private List<string> SignInLines() => [.. _logs.Lines.Where(l => l.Contains("StandingsManager.App.Auth.EveSignInEvents:", StringComparison.Ordinal))];
}
