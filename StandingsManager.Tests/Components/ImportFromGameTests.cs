using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StandingsManager.App.Components.Pages.Standings;
using StandingsManager.App.Demo;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Sso;
using StandingsManager.Tests.EsiIntegration;

namespace StandingsManager.Tests.Components;

/// <summary>The import page's in-game part against real SQLite, reading the simulated alliance list over real HTTP.</summary>
public sealed class ImportFromGameTests : PageTestContext
{
    private const long Ada = 90_000_001;
    private readonly EsiRig _rig = new();

    public ImportFromGameTests() => Services.AddSingleton(_rig.Esi);

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        await _rig.DisposeAsync();
    }

    /// <summary>Ada Admiral, in Demo Holdings and Demo Alliance, with a grant of <paramref name="scopes"/> (none: no grant).</summary>
    private async Task<IRenderedComponent<Bunit.Rendering.ContainerFragment>> RenderAsync(Role role, params string[] scopes)
    {
        var account = await SeedAccountAsync("Ada Admiral", Ada, role);
        await using (var db = NewDb())
        {
            var ada = await db.Characters.SingleAsync(c => c.Id == Ada, Ct);
            (ada.CorporationId, ada.AllianceId) = (DemoUniverse.HomeCorporationId, DemoUniverse.HomeAllianceId);
            db.EveEntities.Add(new EveEntity { Id = DemoUniverse.HomeAllianceId, Name = "Demo Alliance", Type = EntityType.Alliance, UpdatedAt = Now });
            if (scopes.Length > 0)
                db.Tokens.Add(new EveToken { CharacterId = Ada, EncryptedRefreshToken = "unused", Scopes = string.Join(' ', scopes), UpdatedAt = Now });
            await db.SaveChangesAsync(Ct);
        }
        if (scopes.Length > 0)
            Services.GetRequiredService<EveTokenStore>().Remember(Ada, _rig.Host.Token(Ada, scopes), Now.AddMinutes(20));
        SignIn(account, "Ada Admiral", role);
        return RenderPage<ImportStandings>();
    }

    [Fact]
    public async Task Without_a_grant_the_page_offers_the_grant_only()
    {
        var cut = await RenderAsync(Role.Administrator);

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=game-none]")));
        Assert.Empty(cut.FindAll("[data-testid=game-read]"));
        Assert.Equal(ImportFromGame.GrantHref, cut.Find("a[data-testid=game-grant]").GetAttribute("href"));
    }

    [Fact]
    public async Task Reading_the_alliance_list_shows_the_preview_and_the_drift_then_applies()
    {
        await SeedEntryAsync(98_000_004, "Pirate Menace", -10, EntityType.Corporation);
        await SeedEntryAsync(90_000_006, "Bea Blue", 5);
        var cut = await RenderAsync(Role.Administrator, EveScopes.AllianceContacts);

        cut.ClickWhenShown("[data-testid=game-read]");

        cut.WaitForAssertion(() => Assert.Equal("Add", cut.Find("[data-testid=import-row-1] [data-testid=import-action]").TextContent.Trim()));
        Assert.StartsWith("Demo Alliance's in-game contacts: 2 to add, 1 to update, 0 unchanged, 0 with errors", cut.Find("[data-testid=import-summary]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal("Drift: 2 only in game, 1 only in our list, 1 with a different standing", cut.Find("[data-testid=drift-summary]").TextContent.Trim());
        Assert.Equal(["Bob Blue (character 90000101): +5.0 in game", "Friendly Coalition (alliance 99000002): +10.0 in game"],
            cut.FindAll("[data-testid=drift-only-game] [data-testid=drift-line]").Select(e => e.TextContent.Trim()));
        Assert.Equal("Bea Blue (character 90000006): +5.0 in our list", cut.Find("[data-testid=drift-only-ours] [data-testid=drift-line]").TextContent.Trim());
        Assert.Equal("Pirate Menace (corporation 98000004): in game -5.0, ours -10.0", cut.Find("[data-testid=drift-different] [data-testid=drift-line]").TextContent.Trim());
        Assert.Equal("Caldari State (faction 500001): +5.0 in game", cut.Find("[data-testid=drift-skipped] [data-testid=drift-line]").TextContent.Trim());

        cut.ClickWhenShown("[data-testid=import-apply]");

        cut.WaitForAssertion(() => Assert.StartsWith("Applied 3 changes from Demo Alliance's in-game contacts.", cut.Find("[data-testid=import-done]").TextContent.Trim(), StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=drift-summary]"));
        await using var db = NewDb();
        Assert.Equal(-5, (await db.Standings.SingleAsync(e => e.EntityId == 98_000_004, Ct)).Standing);
        Assert.Equal(4, await db.Standings.CountAsync(Ct)); // Bea Blue, only ours, stays
    }

    /// <remarks>The claims say Administrator, the database says Approver: the in-game part shows the refusal, reads nothing.</remarks>
    [Fact]
    public async Task The_server_rechecks_the_role_from_the_database()
    {
        var account = await SeedAccountAsync("Abe Approver", 90_000_002, Role.Approver);
        SignInClaiming(account, "Abe Approver", "Member", "Approver", "Administrator");
        var cut = RenderPage<ImportStandings>();

        cut.WaitForAssertion(() => Assert.Equal("You need the Administrator role to import the standings list.", cut.Find("[data-testid=game-error]").TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid=game-read]"));
    }
}
