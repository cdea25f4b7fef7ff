using Microsoft.Extensions.DependencyInjection;
using StandingsManager.App.Demo;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Eve.Sso;

namespace StandingsManager.Tests.TestSupport;

/// <summary>Grants from the simulated SSO, without a browser.</summary>
public static class DemoGrants
{
    /// <summary>What a login ends with: a code, redeemed at once.</summary>
    public static DemoSsoServer.TokenResponse IssueTokens(this DemoSsoServer sso, DemoSsoServer.Grant grant) =>
        sso.Redeem(sso.IssueCode(grant), DemoEve.ClientId, null)!;

    /// <summary>
    /// Adds the grant's character to the account of <paramref name="ownerCharacterId"/>, the way the add-character
    /// callback does; returns the refresh token the SSO issued.
    /// </summary>
    public static async Task<string> LinkAsync(this StandingsAppFactory app, long ownerCharacterId, DemoSsoServer.Grant grant, CancellationToken ct)
    {
        var issued = app.Services.GetRequiredService<DemoSsoServer>().IssueTokens(grant);
        var identity = new EveTokenIdentity(grant.CharacterId, grant.Name, grant.OwnerHash, grant.Scopes, DateTimeOffset.UtcNow.AddMinutes(20));
        await app.Services.GetRequiredService<AccountCharacters>().LinkAsync(await app.AccountOfAsync(ownerCharacterId), identity, issued.RefreshToken, ct);
        return issued.RefreshToken!;
    }
}
