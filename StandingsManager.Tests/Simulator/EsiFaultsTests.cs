using System.Net;
using System.Text.Json;
using StandingsManager.App.Demo;
using StandingsManager.App.Demo.Esi;
using StandingsManager.Core.Eve.Sso;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Simulator;

/// <summary>Every injectable fault fires as queued, only where it is aimed, and then the route works again.</summary>
public sealed class EsiFaultsTests : IAsyncLifetime
{
    private readonly SimulatorHost _esi = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _esi.DisposeAsync();

    [Theory]
    [InlineData(502, "Bad gateway")]
    [InlineData(503, "The datasource tranquility is temporarily unavailable")]
    [InlineData(504, "Timeout contacting tranquility")]
    public async Task A_burst_of_server_errors_fires_n_times_then_the_route_recovers(int status, string message)
    {
        var me = DemoPersonas.Administrator;
        _esi.Faults.ServerErrors(3, status, DemoEsiEndpoints.ContactsRoute, me);

        for (var i = 0; i < 3; i++)
        {
            var failed = await _esi.GetContactsAsync(me);
            Assert.Equal((HttpStatusCode)status, failed.StatusCode);
            Assert.Equal(message, (await SimulatorHost.JsonAsync(failed)).GetProperty("error").GetString());
        }

        Assert.Equal(HttpStatusCode.OK, (await _esi.GetContactsAsync(me)).StatusCode);
        Assert.Equal(0, _esi.Faults.Pending);
    }

    [Fact]
    public async Task Faults_only_hit_their_target_character_and_method()
    {
        _esi.Faults.ServerErrors(1, 503, DemoEsiEndpoints.ContactsRoute, DemoPersonas.Approver, method: "POST");

        Assert.Equal(HttpStatusCode.OK, (await _esi.GetContactsAsync(DemoPersonas.Administrator)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _esi.GetContactsAsync(DemoPersonas.Approver)).StatusCode);
        Assert.Equal(1, _esi.Faults.Pending);
        var post = await _esi.SendAsync(HttpMethod.Post, $"/characters/{DemoPersonas.Approver}/contacts?standing=5", _esi.Token(DemoPersonas.Approver, SimulatorHost.AllContactScopes), new long[] { 99_000_002 });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, post.StatusCode);
        Assert.DoesNotContain(_esi.Store.Contacts(DemoPersonas.Approver), c => c.ContactId == 99_000_002);
    }

    [Fact]
    public async Task A_forced_420_fires_once_with_the_real_error_limit_headers()
    {
        _esi.Faults.ErrorLimited(DemoEsiEndpoints.AffiliationRoute);

        var limited = await _esi.SendAsync(HttpMethod.Post, "/characters/affiliation", json: new long[] { DemoPersonas.Member });
        var next = await _esi.SendAsync(HttpMethod.Post, "/characters/affiliation", json: new long[] { DemoPersonas.Member });

        Assert.Equal((HttpStatusCode)420, limited.StatusCode);
        Assert.StartsWith("This software has exceeded the error limit for ESI.", (await SimulatorHost.JsonAsync(limited)).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("99", SimulatorHost.Header(limited, "X-ESI-Error-Limit-Remain"));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task A_forced_429_carries_retry_after_and_fires_once()
    {
        var me = DemoPersonas.Member;
        _esi.Faults.RateLimited(TimeSpan.FromSeconds(42), characterId: me);

        var limited = await _esi.GetContactsAsync(me);
        var next = await _esi.GetContactsAsync(me);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(42), limited.Headers.RetryAfter!.Delta);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task A_timeout_outlasts_the_clients_patience_then_the_route_answers()
    {
        var me = DemoPersonas.Member;
        _esi.Faults.Timeout(TimeSpan.FromMinutes(10), DemoEsiEndpoints.LabelsRoute, me);
        using var impatient = new HttpClient { BaseAddress = _esi.BaseAddress, Timeout = TimeSpan.FromSeconds(1) };
        var token = _esi.Token(me, SimulatorHost.AllContactScopes);

        using (var request = SimulatorHost.Request(HttpMethod.Get, $"/characters/{me}/contacts/labels", token))
            await Assert.ThrowsAsync<TaskCanceledException>(() => impatient.SendAsync(request, TestContext.Current.CancellationToken));

        using var retry = SimulatorHost.Request(HttpMethod.Get, $"/characters/{me}/contacts/labels", token);
        var answered = await impatient.SendAsync(retry, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
    }

    [Fact]
    public async Task A_malformed_body_fires_once()
    {
        var me = DemoPersonas.Member;
        _esi.Faults.MalformedJson(DemoEsiEndpoints.ContactsRoute, me);

        var garbled = await _esi.GetContactsAsync(me);
        var text = await garbled.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var next = await _esi.GetContactsAsync(me);

        Assert.Equal(HttpStatusCode.OK, garbled.StatusCode);
        Assert.StartsWith("[{", text, StringComparison.Ordinal);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(text));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.True((await SimulatorHost.JsonAsync(next)).GetArrayLength() > 0);
    }

    [Fact]
    public async Task A_null_item_fault_nulls_the_first_contact_once()
    {
        var me = DemoPersonas.Member;
        _esi.Faults.MalformedBody(DemoEsiMalformation.NullItem, DemoEsiEndpoints.ContactsRoute, me);

        var spoiled = await SimulatorHost.JsonAsync(await _esi.GetContactsAsync(me));
        var next = await SimulatorHost.JsonAsync(await _esi.GetContactsAsync(me));

        Assert.Equal(JsonValueKind.Null, spoiled[0].ValueKind);
        Assert.Equal(next.GetArrayLength(), spoiled.GetArrayLength());
        Assert.All(next.EnumerateArray(), c => Assert.Equal(JsonValueKind.Object, c.ValueKind));
    }

    [Fact]
    public async Task A_missing_field_fault_drops_that_field_from_the_first_contact()
    {
        var me = DemoPersonas.Member;
        _esi.Faults.MalformedBody(DemoEsiMalformation.MissingField, DemoEsiEndpoints.ContactsRoute, me, field: "standing");

        var spoiled = await SimulatorHost.JsonAsync(await _esi.GetContactsAsync(me));

        Assert.False(spoiled[0].TryGetProperty("standing", out _));
        Assert.True(spoiled[0].TryGetProperty("contact_id", out _));
        Assert.True(spoiled[1].TryGetProperty("standing", out _));
    }

    [Fact]
    public async Task A_too_many_pages_fault_claims_101_pages_on_an_intact_body()
    {
        var me = DemoPersonas.Member;
        _esi.Faults.MalformedBody(DemoEsiMalformation.TooManyPages, DemoEsiEndpoints.ContactsRoute, me);

        var spoiled = await _esi.GetContactsAsync(me);
        var next = await _esi.GetContactsAsync(me);

        Assert.Equal("101", SimulatorHost.Header(spoiled, "X-Pages"));
        Assert.True((await SimulatorHost.JsonAsync(spoiled)).GetArrayLength() > 0);
        Assert.Equal("1", SimulatorHost.Header(next, "X-Pages"));
    }

    [Fact]
    public async Task Daily_downtime_answers_503_only_when_switched_on()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 9, 1, 11, 5, 0, TimeSpan.Zero));
        await using var esi = new SimulatorHost(time);

        Assert.Equal(HttpStatusCode.OK, (await esi.SendAsync(HttpMethod.Get, "/status")).StatusCode);
        esi.Faults.SimulateDailyDowntime = true;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await esi.SendAsync(HttpMethod.Get, "/status")).StatusCode);
        time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(HttpStatusCode.OK, (await esi.SendAsync(HttpMethod.Get, "/status")).StatusCode);
    }

    [Fact]
    public async Task Sso_fails_the_next_refresh_of_a_token_with_invalid_grant_once()
    {
        var refresh = IssueRefreshToken(DemoPersonas.Member);
        _esi.Sso.FailNextRefresh(refresh);

        var failed = await RefreshAsync(refresh);
        var next = await RefreshAsync(refresh);

        Assert.Equal(HttpStatusCode.BadRequest, failed.StatusCode);
        Assert.Equal("invalid_grant", (await SimulatorHost.JsonAsync(failed)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task Sso_fails_the_next_refresh_for_a_character_only()
    {
        var mine = IssueRefreshToken(DemoPersonas.Member);
        var theirs = IssueRefreshToken(DemoPersonas.Approver);
        _esi.Sso.FailNextRefreshFor(DemoPersonas.Member);

        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(theirs)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await RefreshAsync(mine)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(mine)).StatusCode);
    }

    [Fact]
    public async Task A_sold_character_loses_its_refresh_tokens_and_signs_in_with_the_new_owner_hash()
    {
        var refresh = IssueRefreshToken(DemoPersonas.Member);
        _esi.Sso.ChangeOwner(DemoPersonas.Member, "new-owner-hash");

        var failed = await RefreshAsync(refresh);
        var fresh = IssueRefreshToken(DemoPersonas.Member);
        var works = await RefreshAsync(fresh);

        Assert.Equal(HttpStatusCode.BadRequest, failed.StatusCode);
        Assert.Equal("invalid_grant", (await SimulatorHost.JsonAsync(failed)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, works.StatusCode);
        var access = (await SimulatorHost.JsonAsync(works)).GetProperty("access_token").GetString()!;
        Assert.Equal("new-owner-hash", new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(access).GetPayloadValue<string>("owner"));
    }

    private string IssueRefreshToken(long characterId)
    {
        return _esi.Sso.IssueTokens(new DemoSsoServer.Grant(characterId, "Demo", DemoUniverse.OwnerHash(characterId), SimulatorHost.AllContactScopes, DemoEve.ClientId, null, default)).RefreshToken!;
    }

    private async Task<HttpResponseMessage> RefreshAsync(string refreshToken)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
            ["client_id"] = DemoEve.ClientId,
            ["client_secret"] = DemoEve.ClientSecret,
        });
        return await _esi.Client.PostAsync(EveSsoEndpoints.TokenPath, form, TestContext.Current.CancellationToken);
    }
}
