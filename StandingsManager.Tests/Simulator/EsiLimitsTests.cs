using System.Globalization;
using System.Net;
using StandingsManager.App.Demo.Esi;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Simulator;

/// <summary>The legacy error limit and the char-social bucket, driven on a fake clock.</summary>
public sealed class EsiLimitsTests : IAsyncLifetime
{
    private readonly SimulatorHost _esi = new(SimulatorHost.NewFakeTime());

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _esi.DisposeAsync();

    [Fact]
    public async Task Hundred_errors_in_a_minute_turn_every_route_into_420_until_the_window_ends()
    {
        for (var i = 0; i < DemoEsiErrorLimiter.MaxErrors; i++)
        {
            var miss = await _esi.SendAsync(HttpMethod.Get, "/characters/12345");
            Assert.Equal(HttpStatusCode.NotFound, miss.StatusCode);
            Assert.Equal((DemoEsiErrorLimiter.MaxErrors - i - 1).ToString(CultureInfo.InvariantCulture), SimulatorHost.Header(miss, "X-ESI-Error-Limit-Remain"));
        }

        var status = await _esi.SendAsync(HttpMethod.Get, "/status");
        var contacts = await _esi.GetContactsAsync(DemoPersonas.Administrator);
        Assert.Equal((HttpStatusCode)420, status.StatusCode);
        Assert.Equal((HttpStatusCode)420, contacts.StatusCode);
        Assert.StartsWith("This software has exceeded the error limit for ESI.", (await SimulatorHost.JsonAsync(status)).GetProperty("error").GetString(), StringComparison.Ordinal);
        var reset = int.Parse(SimulatorHost.Header(await _esi.SendAsync(HttpMethod.Get, $"/characters/{DemoPersonas.Administrator}"), "X-ESI-Error-Limit-Reset"), CultureInfo.InvariantCulture);
        Assert.InRange(reset, 1, 60);

        _esi.Time!.Advance(TimeSpan.FromSeconds(reset));

        var recovered = await _esi.SendAsync(HttpMethod.Get, $"/characters/{DemoPersonas.Administrator}");
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        Assert.Equal("100", SimulatorHost.Header(recovered, "X-ESI-Error-Limit-Remain"));
        Assert.Equal(HttpStatusCode.OK, (await _esi.GetContactsAsync(DemoPersonas.Administrator)).StatusCode);
    }

    [Fact]
    public async Task Errors_below_the_limit_leave_routes_working()
    {
        for (var i = 0; i < DemoEsiErrorLimiter.MaxErrors - 1; i++)
            await _esi.SendAsync(HttpMethod.Get, "/characters/12345");

        var last = await _esi.SendAsync(HttpMethod.Get, "/status");

        Assert.Equal(HttpStatusCode.OK, last.StatusCode);
    }

    [Fact]
    public async Task Char_social_bucket_runs_out_with_429_and_retry_after_for_that_character_only()
    {
        var me = DemoPersonas.Administrator;
        var token = _esi.Token(me, SimulatorHost.AllContactScopes);
        var path = $"/characters/{me}/contacts/labels";

        // 300 successful reads at 2 tokens each spend the whole 600-token bucket.
        for (var i = 0; i < 300; i++)
        {
            var ok = await _esi.SendAsync(HttpMethod.Get, path, token);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal((600 - 2 * (i + 1)).ToString(CultureInfo.InvariantCulture), SimulatorHost.Header(ok, "X-Ratelimit-Remaining"));
        }
        _esi.Time!.Advance(TimeSpan.FromMinutes(5));

        var limited = await _esi.SendAsync(HttpMethod.Get, path, token);
        var write = await _esi.SendAsync(HttpMethod.Delete, $"/characters/{me}/contacts?contact_ids=500001", token);
        var other = await _esi.GetContactsAsync(DemoPersonas.Approver);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(10), limited.Headers.RetryAfter!.Delta);
        Assert.Equal("0", SimulatorHost.Header(limited, "X-Ratelimit-Remaining"));
        Assert.Equal(HttpStatusCode.TooManyRequests, write.StatusCode);
        Assert.Contains(_esi.Store.Contacts(me), c => c.ContactId == 500_001);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal("598", SimulatorHost.Header(other, "X-Ratelimit-Remaining"));

        // The floating window gives the tokens back fifteen minutes after they were spent.
        _esi.Time.Advance(limited.Headers.RetryAfter.Delta!.Value);
        var again = await _esi.SendAsync(HttpMethod.Get, path, token);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Bucket_costs_follow_the_status_class()
    {
        var me = DemoPersonas.Auditor;
        var token = _esi.Token(me, SimulatorHost.AllContactScopes);
        var ok = await _esi.GetContactsAsync(me);
        using var conditional = SimulatorHost.Request(HttpMethod.Get, $"/characters/{me}/contacts", token);
        conditional.Headers.IfNoneMatch.Add(ok.Headers.ETag!);
        var notModified = await _esi.Client.SendAsync(conditional, TestContext.Current.CancellationToken);
        var bad = await _esi.SendAsync(HttpMethod.Post, $"/characters/{me}/contacts", token, new long[] { 98_000_002 });
        _esi.Faults.ServerErrors(1, 503, DemoEsiEndpoints.ContactsRoute, me);
        var unavailable = await _esi.GetContactsAsync(me);

        Assert.Equal("2", SimulatorHost.Header(ok, "X-Ratelimit-Used"));
        Assert.Equal("1", SimulatorHost.Header(notModified, "X-Ratelimit-Used"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("5", SimulatorHost.Header(bad, "X-Ratelimit-Used"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.StatusCode);
        Assert.Equal("0", SimulatorHost.Header(unavailable, "X-Ratelimit-Used"));
        Assert.Equal("592", SimulatorHost.Header(unavailable, "X-Ratelimit-Remaining"));
    }
}
