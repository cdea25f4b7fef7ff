using System.Net;
using Microsoft.Extensions.DependencyInjection;
using StandingsManager.App.Demo.Esi;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.EsiIntegration;

/// <summary>
/// The app's <see cref="EsiGate"/> fed by the simulator's real limit headers: calls wait on the app's fake clock,
/// never on the wall clock. Waiting is observed by the task staying incomplete until the clock is advanced.
/// </summary>
public sealed class EsiGateOverHttpTests
{
    private static CancellationToken Ct => EsiRig.Ct;

    [Fact]
    public async Task After_a_420_the_next_call_waits_for_the_error_window_reset_then_succeeds()
    {
        // 12:00:30: the simulator's error window resets in 30 s; the gate adds a second of margin.
        await using var rig = new EsiRig(new DateTimeOffset(2026, 9, 1, 12, 0, 30, TimeSpan.Zero));
        rig.Faults.ErrorLimited(DemoEsiEndpoints.AffiliationRoute);

        var limited = await Assert.ThrowsAsync<EsiException>(() => rig.Esi.GetAffiliationsAsync([DemoPersonas.Member], Ct));
        Assert.Equal((HttpStatusCode)420, limited.StatusCode);
        Assert.True(limited.IsRetryable);

        var next = rig.Esi.GetCharacterAsync(DemoPersonas.Member, Ct);
        await EsiRig.AssertStillWaitingAsync(next, "the error budget is paused");
        rig.Time.Advance(TimeSpan.FromSeconds(20));
        await EsiRig.AssertStillWaitingAsync(next, "20 s in, the window has not reset");
        rig.Time.Advance(TimeSpan.FromSeconds(10.5));
        await EsiRig.AssertStillWaitingAsync(next, "the window reset but the margin has not passed");
        rig.Time.Advance(TimeSpan.FromSeconds(1));

        var character = await EsiRig.FinishesAsync(next, "the call after the reset");
        Assert.Equal("Mia Member", character.Value.Name);
        Assert.Null(rig.Gate.ErrorBudgetPausedUntil);
    }

    [Fact]
    public async Task Ninety_errors_bring_the_budget_to_the_threshold_and_the_next_call_waits_for_the_reset()
    {
        await using var rig = new EsiRig(new DateTimeOffset(2026, 9, 1, 12, 0, 30, TimeSpan.Zero));
        var threshold = new EsiClientOptions().ErrorLimitThreshold;

        // Through the client itself: every miss is a 404 that costs one error; none of them may wait.
        for (var i = 0; i < DemoEsiErrorLimiter.MaxErrors - threshold; i++)
        {
            var miss = rig.Esi.GetCharacterAsync(12_345, Ct);
            var ex = await Assert.ThrowsAsync<EsiException>(() => EsiRig.FinishesAsync(miss, $"error call {i + 1}"));
            Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
        }
        Assert.NotNull(rig.Gate.ErrorBudgetPausedUntil);

        var next = rig.Esi.GetNamesAsync([DemoPersonas.Member, DemoPersonas.BlueCorporation], Ct);
        await EsiRig.AssertStillWaitingAsync(next, "only the threshold of errors is left");
        rig.Time.Advance(TimeSpan.FromSeconds(29));
        await EsiRig.AssertStillWaitingAsync(next, "the window has not reset yet");
        rig.Time.Advance(TimeSpan.FromSeconds(2));

        var names = await EsiRig.FinishesAsync(next, "the call after the reset");
        Assert.Equal(["Mia Member", "Blue Friends Corp"], names.Value.Select(n => n.Name));
        // The simulator's window did roll over: the budget is whole again.
        Assert.Equal(DemoEsiErrorLimiter.MaxErrors, await rig.ErrorsRemainAsync());
    }

    [Fact]
    public async Task A_429_makes_that_characters_bucket_wait_for_retry_after_while_another_character_goes_at_once()
    {
        await using var rig = new EsiRig();
        const long a = DemoPersonas.Approver, b = DemoPersonas.Auditor;
        var tokenA = rig.Token(a);
        var tokenB = rig.Token(b);
        rig.Faults.RateLimited(TimeSpan.FromSeconds(42), characterId: a);

        var limited = await Assert.ThrowsAsync<EsiException>(() => rig.Esi.GetContactsAsync(a, tokenA, null, Ct));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        EsiRig.AssertNoToken(limited, tokenA);

        var callA = rig.Esi.GetContactsAsync(a, tokenA, null, Ct);
        var callB = rig.Esi.GetContactsAsync(b, tokenB, null, Ct);
        var readB = await EsiRig.FinishesAsync(callB, "character B's call, with the clock standing still");
        Assert.Equal(4, readB.Items.Count);
        await EsiRig.AssertStillWaitingAsync(callA, "character A's bucket waits for Retry-After");
        rig.Time.Advance(TimeSpan.FromSeconds(41));
        await EsiRig.AssertStillWaitingAsync(callA, "41 of 42 s have passed");
        rig.Time.Advance(TimeSpan.FromSeconds(1));

        var readA = await EsiRig.FinishesAsync(callA, "character A's call after Retry-After");
        Assert.Equal(4, readA.Items.Count);
        Assert.Equal(0, rig.Faults.Pending);
    }

    [Fact]
    public async Task During_daily_downtime_a_call_waits_until_the_window_ends_then_proceeds()
    {
        var options = new EsiClientOptions();
        // Tranquility's window, which the demo turns off because its simulated server never goes down.
        await using var rig = new EsiRig(new DateTimeOffset(2026, 9, 1, 11, 5, 0, TimeSpan.Zero),
            s => s.PostConfigure<EsiClientOptions>(o => (o.DowntimeStart, o.DowntimeEnd) = (options.DowntimeStart, options.DowntimeEnd)));
        const long me = DemoPersonas.Administrator;
        var token = rig.Token(me);

        var call = rig.Esi.GetContactLabelsAsync(me, token, null, Ct);
        await EsiRig.AssertStillWaitingAsync(call, "11:05 is inside the downtime window");
        for (var now = rig.Time.GetUtcNow(); now.TimeOfDay < options.DowntimeEnd - TimeSpan.FromMinutes(1); now = rig.Time.GetUtcNow())
        {
            rig.Time.Advance(TimeSpan.FromMinutes(1));
            Assert.False(call.IsCompleted, $"The call went out at {rig.Time.GetUtcNow():HH:mm}, inside the downtime window.");
        }
        rig.Time.Advance(TimeSpan.FromSeconds(59));
        await EsiRig.AssertStillWaitingAsync(call, "one second of downtime is left");
        rig.Time.Advance(TimeSpan.FromSeconds(1));

        var labels = await EsiRig.FinishesAsync(call, "the call after downtime");
        Assert.Equal(options.DowntimeEnd, rig.Time.GetUtcNow().TimeOfDay);
        Assert.Equal(3, labels.Items.Count);
    }

    [Fact]
    public async Task Outside_downtime_calls_go_at_once()
    {
        await using var rig = new EsiRig(new DateTimeOffset(2026, 9, 1, 11, 20, 0, TimeSpan.Zero));

        var status = await EsiRig.FinishesAsync(rig.Esi.GetStatusAsync(Ct), "a status call right after downtime");

        Assert.True(status.Value.Players > 0);
    }

    [Fact]
    public async Task In_demo_mode_the_simulator_never_goes_down_so_calls_at_eleven_go_at_once()
    {
        await using var rig = new EsiRig(new DateTimeOffset(2026, 9, 1, 11, 5, 0, TimeSpan.Zero));
        const long me = DemoPersonas.Administrator;

        var labels = await EsiRig.FinishesAsync(rig.Esi.GetContactLabelsAsync(me, rig.Token(me), null, Ct), "a call at 11:05 in demo mode");

        Assert.Equal(3, labels.Items.Count);
        Assert.Equal(new TimeSpan(11, 5, 0), rig.Time.GetUtcNow().TimeOfDay);
    }
}
