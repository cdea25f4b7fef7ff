using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StandingsManager.Core.Eve.Esi;
using static StandingsManager.Tests.Esi.ScriptedEsiHandler;

namespace StandingsManager.Tests.Esi;

public sealed class EsiGateTests
{
    private const string Token = EsiTestHost.Token;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static HttpResponseMessage Character() => Json("""{"name":"Alice","corporation_id":98000001}""");
    private static HttpResponseMessage NoContacts() => Json("[]", HttpStatusCode.OK, ("X-Ratelimit-Group", "char-social"), ("X-Ratelimit-Limit", "600/15m"), ("X-Ratelimit-Remaining", "500"));

    [Fact]
    public async Task A_low_error_budget_pauses_calls_until_the_reset_and_then_lets_them_through()
    {
        using var host = new EsiTestHost((_, index) => index == 0
            ? Json("""{"name":"Alice","corporation_id":98000001}""", HttpStatusCode.OK, ("X-ESI-Error-Limit-Remain", "9"), ("X-ESI-Error-Limit-Reset", "30"))
            : Character());
        await host.Client.GetCharacterAsync(1, Ct);

        var paused = host.Client.GetCharacterAsync(2, Ct);
        Assert.False(paused.IsCompleted);
        Assert.Equal(EsiTestHost.Noon.AddSeconds(31), host.Gate.ErrorBudgetPausedUntil);

        host.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.False(paused.IsCompleted);
        Assert.Single(host.Handler.Sent);

        host.Time.Advance(TimeSpan.FromSeconds(1));
        var result = await paused;
        Assert.Equal("Alice", result.Value.Name);
        Assert.Equal(2, host.Handler.Sent.Count);
        Assert.Null(host.Gate.ErrorBudgetPausedUntil);
    }

    [Fact]
    public async Task A_healthy_error_budget_does_not_pause()
    {
        using var host = new EsiTestHost((_, _) => Json("""{"name":"Alice","corporation_id":98000001}""", HttpStatusCode.OK,
            ("X-ESI-Error-Limit-Remain", "11"), ("X-ESI-Error-Limit-Reset", "30")));

        await host.Client.GetCharacterAsync(1, Ct);
        await host.Client.GetCharacterAsync(2, Ct);

        Assert.Equal(2, host.Handler.Sent.Count);
    }

    [Fact]
    public async Task A_420_pauses_every_route_and_character_until_the_window_resets()
    {
        using var host = new EsiTestHost((_, index) => index == 0
            ? Json("""{"error":"This software has exceeded the error limit for ESI."}""", (HttpStatusCode)420, ("X-ESI-Error-Limit-Remain", "0"), ("X-ESI-Error-Limit-Reset", "40"))
            : NoContacts());

        var ex = await Assert.ThrowsAsync<EsiException>(() => host.Client.GetContactsAsync(1, Token, null, Ct));
        Assert.True(ex.IsRetryable);

        var otherCharacter = host.Client.GetContactsAsync(2, Token, null, Ct);
        var publicRoute = host.Client.GetNamesAsync([1], Ct);
        host.Time.Advance(TimeSpan.FromSeconds(40));
        Assert.False(otherCharacter.IsCompleted);
        Assert.False(publicRoute.IsCompleted);
        Assert.Single(host.Handler.Sent);

        host.Time.Advance(TimeSpan.FromSeconds(1));
        await otherCharacter;
        await publicRoute;
        Assert.Equal(3, host.Handler.Sent.Count);
    }

    [Fact]
    public async Task A_429_pauses_only_that_group_and_character_for_retry_after()
    {
        using var host = new EsiTestHost((req, _) => req.Uri.AbsolutePath.Contains("/1/", StringComparison.Ordinal)
            ? Json("""{"error":"too many"}""", HttpStatusCode.TooManyRequests, ("Retry-After", "30"), ("X-Ratelimit-Group", "char-social"), ("X-Ratelimit-Remaining", "0"))
            : NoContacts());
        var first = await Assert.ThrowsAsync<EsiException>(() => host.Client.GetContactsAsync(1, Token, null, Ct));
        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Single(host.Handler.Sent);

        // Another character has its own bucket and goes straight through.
        await host.Client.GetContactsAsync(2, Token, null, Ct);
        Assert.Equal(2, host.Handler.Sent.Count);

        var sameCharacter = host.Client.GetContactLabelsAsync(1, Token, null, Ct);
        host.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(sameCharacter.IsCompleted);
        Assert.Equal(2, host.Handler.Sent.Count);

        host.Time.Advance(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<EsiException>(() => sameCharacter); // the script answers 429 again; what matters is when it was sent
        Assert.Equal(3, host.Handler.Sent.Count);
        Assert.Equal(EsiTestHost.Noon.AddSeconds(30), host.Time.GetUtcNow());
    }

    [Fact]
    public async Task No_call_goes_out_during_daily_downtime()
    {
        var start = new DateTimeOffset(2026, 9, 1, 10, 59, 0, TimeSpan.Zero);
        using var host = new EsiTestHost((_, _) => Character(), start);

        var call = host.Client.GetCharacterAsync(1, Ct);
        host.Time.Advance(TimeSpan.FromMinutes(20) + TimeSpan.FromSeconds(59));
        Assert.False(call.IsCompleted);
        Assert.Empty(host.Handler.Sent);

        host.Time.Advance(TimeSpan.FromSeconds(1));
        await call;
        Assert.Single(host.Handler.Sent);
    }

    [Fact]
    public async Task A_waiting_call_can_be_cancelled()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 9, 1, 11, 0, 0, TimeSpan.Zero));
        var gate = NewGate(time);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var wait = gate.WaitAsync(new EsiBucketKey("none", 0), cts.Token);
        Assert.False(wait.IsCompleted);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
    }

    [Fact]
    public async Task A_nearly_empty_bucket_spaces_calls_over_the_window()
    {
        var time = new FakeTimeProvider(EsiTestHost.Noon);
        var gate = NewGate(time);
        var bucket = new EsiBucketKey("char-social", 7);
        using var low = Json("[]", HttpStatusCode.OK, ("X-Ratelimit-Limit", "600/15m"), ("X-Ratelimit-Remaining", "10"));

        gate.Observe(bucket, low);

        // 10 tokens left of 600 in 15 minutes: one call per 90 s.
        Assert.Equal(EsiTestHost.Noon.AddSeconds(90), gate.NextAllowedAt(bucket));
        Assert.Equal(EsiTestHost.Noon, gate.NextAllowedAt(new EsiBucketKey("char-social", 8)));
        var wait = gate.WaitAsync(bucket, Ct);
        time.Advance(TimeSpan.FromSeconds(89));
        Assert.False(wait.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        await wait;
        // The slot was taken, so the next caller waits another 90 s.
        Assert.Equal(time.GetUtcNow().AddSeconds(90), gate.NextAllowedAt(bucket));
    }

    [Fact]
    public void Buckets_of_characters_that_come_and_go_are_forgotten_once_nothing_in_them_is_pending()
    {
        var time = new FakeTimeProvider(EsiTestHost.Noon);
        var gate = NewGate(time);
        var mostTracked = 0;

        // 10,000 characters, one a second, each leaving a low bucket (spaced calls) or a 429 pause behind.
        for (var id = 1; id <= 10_000; id++)
        {
            using var response = id % 2 == 0
                ? Json("[]", HttpStatusCode.OK, ("X-Ratelimit-Limit", "600/15m"), ("X-Ratelimit-Remaining", "10"))
                : Status(HttpStatusCode.TooManyRequests, ("Retry-After", "30"));
            gate.Observe(new EsiBucketKey("char-social", id), response);
            mostTracked = Math.Max(mostTracked, gate.TrackedBuckets);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        // The last character's bucket is still low: it is remembered and still spaces its calls.
        Assert.True(gate.NextAllowedAt(new EsiBucketKey("char-social", 10_000)) > time.GetUtcNow());
        // At most one 15-minute window of characters (plus a sweep interval) is ever remembered.
        Assert.InRange(mostTracked, 1, 900 + 60 + 1);

        time.Advance(TimeSpan.FromHours(1));
        using var ok = Json("[]");
        gate.Observe(new EsiBucketKey("char-social", 10_001), ok);

        Assert.Equal(1, gate.TrackedBuckets);
    }

    [Theory]
    [InlineData("600/15m", 600, 900)]
    [InlineData("150/1h", 150, 3600)]
    [InlineData("5/30s", 5, 30)]
    public void Rate_limit_headers_are_parsed(string header, int tokens, int seconds)
    {
        Assert.Equal((tokens, TimeSpan.FromSeconds(seconds)), EsiGate.ParseLimit(header));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("600")]
    [InlineData("x/15m")]
    [InlineData("600/15d")]
    public void Odd_rate_limit_headers_are_ignored(string? header) => Assert.Null(EsiGate.ParseLimit(header));

    private static EsiGate NewGate(TimeProvider time) =>
        new(time, Options.Create(new EsiClientOptions()), NullLogger<EsiGate>.Instance);
}
