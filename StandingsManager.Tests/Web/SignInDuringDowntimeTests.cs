using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Web;

/// <summary>Sign-in and "Add character" never wait in the ESI gate: in EVE's daily downtime the affiliations follow in the background.</summary>
public sealed class SignInDuringDowntimeTests
{
    private const long PetePirate = 90_000_201;
    private const long PirateMenace = 98_000_004;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task In_the_daily_downtime_sign_in_and_add_character_finish_at_once_and_the_page_says_when_affiliations_update()
    {
        var time = new WatchedFakeTimeProvider(NextDowntimeMoment());
        var tranquility = new EsiClientOptions();
        await using var app = new StandingsAppFactory(services: s =>
        {
            s.AddSingleton<TimeProvider>(time);
            // Tranquility's downtime window, which the demo turns off because its simulated server never goes down.
            s.PostConfigure<EsiClientOptions>(o => (o.DowntimeStart, o.DowntimeEnd) = (tranquility.DowntimeStart, tranquility.DowntimeEnd));
        });
        using var browser = new DemoSignIn(app.BaseAddress);

        // Bob Blue has no account yet: the app knows nothing of his corporation. Before the fix, each callback waited in
        // the gate until 11:20 on a clock that never moves; the HttpClient's own timeout is only a safety net.
        var landed = await browser.SignInAsync(DemoPersonas.BlueAlt);
        var addedTo = await browser.AddCharacterAsync(PetePirate);
        var home = await browser.Client.GetStringAsync("/", Ct);

        Assert.Equal("/", landed.OriginalString);
        Assert.Equal("/characters", addedTo.OriginalString);
        Assert.Contains("data-testid=\"affiliation-wait\"", home, StringComparison.Ordinal);
        Assert.Contains("update at 11:20 UTC, when EVE&#x27;s daily downtime ends", home, StringComparison.Ordinal);
        Assert.Equal((null, null), await CorporationsAsync(app));

        // The downtime ends: the queued lookups go out by themselves.
        time.Advance(new DateTimeOffset(time.GetUtcNow().UtcDateTime.Date.AddHours(11).AddMinutes(20), TimeSpan.Zero) - time.GetUtcNow());
        var safety = Stopwatch.StartNew();
        // The look-up saves the corporations before it takes the characters off its queue: wait for both.
        while ((await CorporationsAsync(app) is not (not null, not null)
                || (await browser.Client.GetStringAsync("/", Ct)).Contains("affiliation-wait", StringComparison.Ordinal))
               && safety.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Delay(20, Ct);

        Assert.Equal((DemoPersonas.BlueCorporation, PirateMenace), await CorporationsAsync(app));
        Assert.DoesNotContain("affiliation-wait", await browser.Client.GetStringAsync("/", Ct), StringComparison.Ordinal);
    }

    /// <summary>
    /// 11:05 UTC, inside the downtime (10:58-11:20), on the next such morning: the test's cookie jar checks cookie expiry
    /// (set on the app's fake clock) against the real one, so the fake time must not lie in the past.
    /// </summary>
    private static DateTimeOffset NextDowntimeMoment()
    {
        var now = DateTimeOffset.UtcNow;
        var at = new DateTimeOffset(now.UtcDateTime.Date.AddHours(11).AddMinutes(5), TimeSpan.Zero);
        return at > now ? at : at.AddDays(1);
    }

    private static Task<(long?, long?)> CorporationsAsync(StandingsAppFactory app) => app.WithDbAsync(async db =>
    {
        var corporations = await db.Characters.Where(c => c.Id == DemoPersonas.BlueAlt || c.Id == PetePirate)
            .ToDictionaryAsync(c => c.Id, c => c.CorporationId, Ct);
        return (corporations.GetValueOrDefault(DemoPersonas.BlueAlt), corporations.GetValueOrDefault(PetePirate));
    });
}
