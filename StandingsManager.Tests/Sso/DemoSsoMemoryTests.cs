using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Time.Testing;
using StandingsManager.App.Demo;
using StandingsManager.Core.Eve.Sso;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Sso;

/// <summary>The simulated SSO forgets codes and spent refresh tokens once they could no longer be used.</summary>
public sealed class DemoSsoMemoryTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 9, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Codes_and_spent_refresh_tokens_of_characters_that_come_and_go_are_forgotten_once_expired()
    {
        using var sso = new DemoSsoServer(_time, new EphemeralDataProtectionProvider());
        var mostCodes = 0;
        string? lastSpent = null;

        // 10,000 characters, 50 a minute: each starts a sign-in it never finishes, and signs in once more to get a
        // grant that is refreshed at once, which spends the first refresh token.
        for (var first = 0; first < 10_000; first += 50)
        {
            for (var id = first; id < first + 50; id++)
            {
                sso.IssueCode(Grant(90_100_000 + id));
                var issued = sso.IssueTokens(Grant(90_100_000 + id));
                Assert.NotNull(sso.Refresh(issued.RefreshToken!, DemoEve.ClientId));
                lastSpent = issued.RefreshToken;
            }
            mostCodes = Math.Max(mostCodes, sso.Remembered.Codes);
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        // Codes live five minutes and are swept every five: about ten minutes of abandoned sign-ins at most.
        Assert.InRange(mostCodes, 50, 50 * 11);
        // A spent token is refused for as long as it could have been used.
        Assert.Equal(10_000, sso.Remembered.SpentRefreshTokens);
        Assert.Null(sso.Refresh(lastSpent!, DemoEve.ClientId));

        _time.Advance(TimeSpan.FromDays(91));
        sso.IssueCode(Grant(90_100_000));

        Assert.Equal((1, 0), sso.Remembered);
        // Past its lifetime a spent token stays refused, now because it has expired.
        Assert.Null(sso.Refresh(lastSpent!, DemoEve.ClientId));
    }

    [Fact]
    public void A_refresh_token_unused_for_its_lifetime_expires_and_each_refresh_starts_a_new_one()
    {
        using var sso = new DemoSsoServer(_time, new EphemeralDataProtectionProvider());
        var issued = sso.IssueTokens(Grant(90_100_001)).RefreshToken!;

        _time.Advance(TimeSpan.FromDays(89));
        var rotated = sso.Refresh(issued, DemoEve.ClientId)!.RefreshToken!;
        _time.Advance(TimeSpan.FromDays(89));

        Assert.NotNull(sso.Refresh(rotated, DemoEve.ClientId)); // 178 days after the grant, 89 after its rotation: still good
        var unused = sso.IssueTokens(Grant(90_100_002)).RefreshToken!;
        _time.Advance(TimeSpan.FromDays(90));
        Assert.Null(sso.Refresh(unused, DemoEve.ClientId)); // 90 days unused: expired
    }

    private static DemoSsoServer.Grant Grant(long characterId) =>
        new(characterId, "Passer-by", $"owner-{characterId}", EveScopes.Contacts, DemoEve.ClientId, null, default);
}
