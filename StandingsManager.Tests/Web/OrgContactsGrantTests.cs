using StandingsManager.Core.Lists;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StandingsManager.App.Demo;
using StandingsManager.Core.Eve.Sso;
using StandingsManager.Core.Standings;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Web;

/// <summary>
/// The administrator grants the organisation contact scopes through the demo SSO, then the import reads the alliance
/// list with that grant: add-character, token store, simulated SSO and simulated ESI, all real.
/// </summary>
public sealed class OrgContactsGrantTests : IAsyncLifetime
{
    private const string GrantPath = "/auth/add-character?purpose=org-contacts&returnUrl=%2Fstandings%2Fimport";
    private readonly StandingsAppFactory _app = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public void The_page_links_to_the_grant_this_test_exercises() =>
        Assert.Equal(GrantPath, StandingsManager.App.Components.Pages.Standings.ImportFromGame.GrantHref);

    [Fact]
    public async Task An_administrator_grants_the_org_scopes_and_can_then_read_the_alliance_list()
    {
        using var browser = new DemoSignIn(_app.BaseAddress);
        await browser.SignInAsync(DemoPersonas.Administrator);

        var landing = await browser.AddCharacterAsync(DemoPersonas.Administrator, GrantPath);

        Assert.Equal("/standings/import", landing.OriginalString);
        Assert.Equal(EveScopes.Contacts.Concat(EveScopes.OrganisationContacts).Order(), browser.LastRequestedScopes!.Split(' ').Order());
        var granted = await _app.WithDbAsync(db => db.Tokens.Where(t => t.CharacterId == DemoPersonas.Administrator).Select(t => t.Scopes).SingleAsync(Ct));
        Assert.Contains(EveScopes.AllianceContacts, granted.Split(' '));

        var account = await _app.AccountOfAsync(DemoPersonas.Administrator);
        var import = _app.Services.GetRequiredService<OrgContactsImport>();
        var sources = await import.SourcesAsync(account, Ct);
        Assert.Equal([(ContactListOwner.Alliance, "Demo Alliance"), (ContactListOwner.Corporation, "Demo Holdings")], sources.Select(s => (s.Owner, s.OrganisationName)));
        var read = await import.PreviewAsync(StandingsList.FirstListId, account, ContactListOwner.Alliance, DemoPersonas.Administrator, Ct);
        Assert.Equal(DemoUniverse.HomeAllianceId, read.Source.OrganisationId);
        Assert.Contains(read.Drift.OnlyInGame, l => l.Name == "Bob Blue");
        Assert.Contains(read.Drift.Different, l => l.Name == "Pirate Menace");
        Assert.Contains(read.Drift.OnlyOurs, l => l.Name == "Bea Blue");
    }

    [Fact]
    public async Task Only_an_administrator_may_ask_for_the_org_scopes()
    {
        using var browser = new DemoSignIn(_app.BaseAddress);
        await browser.SignInAsync(DemoPersonas.Approver);

        var response = await browser.Client.GetAsync(GrantPath, Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/access-denied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }
}
