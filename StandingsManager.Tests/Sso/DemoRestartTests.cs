using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StandingsManager.App.Demo;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Eve.Sso;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Sso;

/// <summary>The demo keeps its database across restarts, so its simulated SSO must keep honouring the grants stored there.</summary>
public sealed class DemoRestartTests
{
    private const long AltId = 90_000_098;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_restarted_demo_still_refreshes_the_grants_in_its_database_and_rotation_still_holds()
    {
        var data = StandingsAppFactory.NewDataDirectory();
        try
        {
            string issued;
            await using (var first = new StandingsAppFactory(dataDirectory: data))
                issued = await first.LinkAsync(DemoPersonas.Member, Grant(), Ct);

            await using var second = new StandingsAppFactory(dataDirectory: data);
            var access = await second.Services.GetRequiredService<EveTokenStore>().GetAccessTokenAsync(AltId, Ct);

            Assert.False(string.IsNullOrEmpty(access));
            Assert.Equal(TokenStatus.Valid, await second.WithDbAsync(db => db.Tokens.Where(t => t.CharacterId == AltId).Select(t => t.Status).SingleAsync(Ct)));
            // The grant rotated on that refresh: the token the first instance issued is spent.
            Assert.Null(second.Services.GetRequiredService<DemoSsoServer>().Refresh(issued, DemoEve.ClientId));
        }
        finally
        {
            StandingsAppFactory.DeleteDataDirectory(data);
        }
    }

    [Fact]
    public async Task A_refresh_token_this_sso_did_not_issue_is_refused()
    {
        await using var app = new StandingsAppFactory();
        var sso = app.Services.GetRequiredService<DemoSsoServer>();
        var issued = sso.IssueTokens(Grant()).RefreshToken!;

        Assert.Null(sso.Refresh("made-up-refresh-token", DemoEve.ClientId));
        Assert.Null(sso.Refresh(issued[..^4] + "AAAA", DemoEve.ClientId)); // tampered
        Assert.Null(sso.Refresh(issued, "another-client"));
        Assert.NotNull(sso.Refresh(issued, DemoEve.ClientId));
    }

    private static DemoSsoServer.Grant Grant() => new(AltId, "Mia Second Alt", "second-alt-owner", EveScopes.Contacts, DemoEve.ClientId, null, default);
}
