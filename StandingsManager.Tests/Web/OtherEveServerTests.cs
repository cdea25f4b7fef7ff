using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StandingsManager.App.Demo;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Eve.Sso;
using StandingsManager.Core.Sync;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Web;

/// <summary>
/// A production-configured app (Eve:ClientId set) whose Eve:SsoBaseUrl and Eve:EsiBaseUrl point at
/// another EVE-compatible server, here a second instance's simulator: it works there as against EVE.
/// </summary>
public sealed class OtherEveServerTests : IAsyncLifetime
{
    private readonly StandingsAppFactory _eve = new();
    private StandingsAppFactory _app = null!;

    public ValueTask InitializeAsync()
    {
        var eve = _eve.BaseAddress.ToString().TrimEnd('/');
        _app = new StandingsAppFactory(new()
        {
            ["Eve:ClientId"] = DemoEve.ClientId,
            ["Eve:ClientSecret"] = DemoEve.ClientSecret,
            ["Eve:SsoBaseUrl"] = eve,
            ["Eve:EsiBaseUrl"] = eve,
            ["Eve:UserAgentContact"] = "tests@example.org",
        });
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _eve.DisposeAsync();
    }

    [Fact]
    public async Task Signs_in_adds_a_character_and_reads_its_contacts_there()
    {
        using var browser = new DemoSignIn(_app.BaseAddress);

        // Sign in: the browser goes to the other server's authorize page, not to our own.
        await browser.SignInAsync(DemoPersonas.Member, "/characters");
        var page = await browser.Client.GetStringAsync("/characters", TestContext.Current.CancellationToken);
        Assert.Contains("Mia Member", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"demo-banner\"", page, StringComparison.Ordinal);

        // Add character: asks for the contact scopes and stores the grant.
        await browser.AddCharacterAsync(DemoPersonas.Member);
        Assert.Contains(EveScopes.ReadContacts, browser.LastRequestedScopes, StringComparison.Ordinal);
        Assert.Contains(EveScopes.WriteContacts, browser.LastRequestedScopes, StringComparison.Ordinal);
        var grant = await _app.WithDbAsync(db => db.Tokens.SingleAsync(t => t.CharacterId == DemoPersonas.Member, TestContext.Current.CancellationToken));
        Assert.Equal(TokenStatus.Valid, grant.Status);

        // Read contacts there: a token refresh at the other SSO, then ESI calls to the other server.
        var accountId = await _app.AccountOfAsync(DemoPersonas.Member);
        using var scope = _app.Services.CreateScope();
        var snapshot = await scope.ServiceProvider.GetRequiredService<ContactsInspector>().InspectAsync(accountId, DemoPersonas.Member, TestContext.Current.CancellationToken);
        Assert.True(snapshot.Contacts > 0);
        Assert.True(snapshot.EsiCalls >= 2);
    }
}
