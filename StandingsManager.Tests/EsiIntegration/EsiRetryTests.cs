using System.Net;
using StandingsManager.App.Demo.Esi;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.EsiIntegration;

/// <summary>
/// What the app's resilience handler retries (502/503/504, within its budget) and what it must not (4xx, 420, 429),
/// counted on the simulator's side: through its one-shot fault queue and its error-limit counter. Backoff runs on
/// the app's fake clock, so every call is pumped; a retry that should not happen would get its chance to.
/// </summary>
public sealed class EsiRetryTests : IAsyncLifetime
{
    private const long Me = DemoPersonas.Member;
    private readonly EsiRig _rig = new();
    private static CancellationToken Ct => EsiRig.Ct;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    [Theory]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task A_gateway_error_followed_by_success_is_retried_and_the_read_succeeds(int status)
    {
        var token = _rig.Token(Me);
        var errorsBefore = await _rig.ErrorsRemainAsync();
        _rig.Faults.ServerErrors(1, status, DemoEsiEndpoints.ContactsRoute, Me);

        var result = await _rig.PumpAsync(_rig.Esi.GetContactsAsync(Me, token, null, Ct));

        Assert.Equal(4, result.Items.Count);
        Assert.Equal(0, _rig.Faults.Pending);
        // The failed attempt did reach ESI (and cost error budget); the retry underneath is not a separate client call.
        Assert.Equal(errorsBefore - 1, await _rig.ErrorsRemainAsync());
        Assert.Equal(1, result.Calls);
    }

    [Theory]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task An_add_that_meets_a_gateway_error_is_not_repeated_blindly(int status)
    {
        var token = _rig.Token(Me);
        _rig.Faults.ServerErrors(2, status, DemoEsiEndpoints.ContactsRoute, Me, method: "POST");

        var call = _rig.Esi.AddContactsAsync(Me, token, [90_000_202], 5, [], watched: false, Ct);
        var ex = await Assert.ThrowsAsync<EsiException>(() => _rig.PumpAsync(call));

        // One attempt only: a retried add would report only what the retry itself created.
        Assert.True(ex.IsRetryable);
        Assert.Equal(1, _rig.Faults.Pending);
        Assert.DoesNotContain(_rig.Store.Contacts(Me), c => c.ContactId == 90_000_202);
    }

    [Theory]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task An_edit_that_meets_one_gateway_error_is_retried_and_lands(int status)
    {
        var token = _rig.Token(Me);
        var existing = _rig.Store.Contacts(Me)[0].ContactId;
        _rig.Faults.ServerErrors(1, status, DemoEsiEndpoints.ContactsRoute, Me, method: "PUT");

        await _rig.PumpAsync(_rig.Esi.EditContactsAsync(Me, token, [existing], -7.5, [], watched: false, Ct));

        Assert.Equal(0, _rig.Faults.Pending);
        Assert.Equal(-7.5, _rig.Store.Contacts(Me).Single(c => c.ContactId == existing).Standing);
    }

    [Fact]
    public async Task A_read_the_simulator_leaves_hanging_times_out_and_the_retry_succeeds()
    {
        var token = _rig.Token(Me);
        _rig.Faults.Timeout(TimeSpan.FromMinutes(10), DemoEsiEndpoints.ContactsRoute, Me);

        var call = _rig.Esi.GetContactsAsync(Me, token, null, Ct);
        await _rig.WaitUntilFaultsTakenAsync();
        _rig.Time.Advance(new EsiClientOptions().AttemptTimeout); // the attempt's own timeout, on the app's clock
        var result = await _rig.PumpAsync(call);

        Assert.Equal(4, result.Items.Count);
        Assert.Equal(1, result.Calls);
    }

    [Fact]
    public async Task An_add_the_simulator_leaves_hanging_is_not_sent_again()
    {
        var token = _rig.Token(Me);
        _rig.Faults.Timeout(TimeSpan.FromMinutes(10), DemoEsiEndpoints.ContactsRoute, Me, method: "POST");
        var tokensBefore = await _rig.SocialTokensLeftAfterProbeAsync(Me);

        var call = _rig.Esi.AddContactsAsync(Me, token, [90_000_202], 5, [], watched: false, Ct);
        await _rig.WaitUntilFaultsTakenAsync();
        _rig.Time.Advance(new EsiClientOptions().AttemptTimeout);
        var ex = await Assert.ThrowsAsync<EsiException>(() => _rig.PumpAsync(call));

        Assert.True(ex.IsRetryable);
        Assert.Contains("could not be reached", ex.Message, StringComparison.Ordinal);
        EsiRig.AssertNoToken(ex, token);
        Assert.DoesNotContain(_rig.Store.Contacts(Me), c => c.ContactId == 90_000_202);
        // Only the two probes' own cost left the bucket: no second POST went out.
        Assert.Equal(tokensBefore - 2, await _rig.SocialTokensLeftAfterProbeAsync(Me));
    }

    [Fact]
    public async Task A_burst_longer_than_the_retry_budget_fails_retryable_after_three_attempts()
    {
        var token = _rig.Token(Me);
        var errorsBefore = await _rig.ErrorsRemainAsync();
        _rig.Faults.ServerErrors(4, 503, DemoEsiEndpoints.LabelsRoute, Me);

        var call = _rig.Esi.GetContactLabelsAsync(Me, token, null, Ct);
        var ex = await Assert.ThrowsAsync<EsiException>(() => _rig.PumpAsync(call));

        Assert.True(ex.IsRetryable);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.Equal("GET /characters/{character_id}/contacts/labels", ex.Route);
        Assert.Contains("The datasource tranquility is temporarily unavailable", ex.Message, StringComparison.Ordinal);
        EsiRig.AssertNoToken(ex, token);
        // The first attempt and two retries took three faults; the fourth is still queued.
        Assert.Equal(1, _rig.Faults.Pending);
        Assert.Equal(errorsBefore - 3, await _rig.ErrorsRemainAsync());
    }

    [Fact]
    public async Task A_missing_scope_is_a_403_sent_exactly_once()
    {
        var readOnly = _rig.Host.Token(Me, DemoEsiEndpoints.ReadContactsScope);
        var errorsBefore = await _rig.ErrorsRemainAsync();

        var call = _rig.Esi.AddContactsAsync(Me, readOnly, [90_000_202], 5, [], watched: false, Ct);
        var ex = await Assert.ThrowsAsync<EsiException>(() => _rig.PumpAsync(call));

        Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
        Assert.False(ex.IsRetryable);
        Assert.Equal("token not valid for scope", ex.EsiError);
        Assert.Contains("POST /characters/{character_id}/contacts", ex.Message, StringComparison.Ordinal);
        EsiRig.AssertNoToken(ex, readOnly);
        Assert.Equal(errorsBefore - 1, await _rig.ErrorsRemainAsync());
        Assert.DoesNotContain(_rig.Store.Contacts(Me), c => c.ContactId == 90_000_202);
    }

    [Fact]
    public async Task Another_characters_token_is_a_403_sent_exactly_once()
    {
        var theirs = _rig.Token(DemoPersonas.Approver);
        var errorsBefore = await _rig.ErrorsRemainAsync();

        var call = _rig.Esi.GetContactsAsync(Me, theirs, null, Ct);
        var ex = await Assert.ThrowsAsync<EsiException>(() => _rig.PumpAsync(call));

        Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
        Assert.Equal("authed character does not match the character in the path", ex.EsiError);
        EsiRig.AssertNoToken(ex, theirs);
        Assert.Equal(errorsBefore - 1, await _rig.ErrorsRemainAsync());
    }

    [Fact]
    public async Task A_bad_request_is_sent_exactly_once()
    {
        var token = _rig.Token(Me);
        var errorsBefore = await _rig.ErrorsRemainAsync();

        // 12345 is not an id the simulated universe knows.
        var call = _rig.Esi.EditContactsAsync(Me, token, [12_345], 5, [], watched: false, Ct);
        var ex = await Assert.ThrowsAsync<EsiException>(() => _rig.PumpAsync(call));

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.False(ex.IsRetryable);
        Assert.Equal("Unknown contact ids: 12345", ex.EsiError);
        EsiRig.AssertNoToken(ex, token);
        Assert.Equal(errorsBefore - 1, await _rig.ErrorsRemainAsync());
    }

    [Fact]
    public async Task A_420_is_not_retried_and_fails_retryable()
    {
        var token = _rig.Token(Me);
        _rig.Faults.ErrorLimited(DemoEsiEndpoints.ContactsRoute, Me);
        _rig.Faults.ErrorLimited(DemoEsiEndpoints.ContactsRoute, Me);

        var call = _rig.Esi.GetContactsAsync(Me, token, null, Ct);
        var ex = await Assert.ThrowsAsync<EsiException>(() => _rig.PumpAsync(call));

        Assert.Equal((HttpStatusCode)420, ex.StatusCode);
        Assert.True(ex.IsRetryable);
        Assert.Contains("exceeded the error limit", ex.Message, StringComparison.Ordinal);
        EsiRig.AssertNoToken(ex, token);
        Assert.Equal(1, _rig.Faults.Pending);
        Assert.NotNull(_rig.Gate.ErrorBudgetPausedUntil);
    }

    [Fact]
    public async Task A_429_is_not_retried_and_fails_retryable()
    {
        var token = _rig.Token(Me);
        _rig.Faults.RateLimited(TimeSpan.FromSeconds(30), DemoEsiEndpoints.ContactsRoute, Me);
        _rig.Faults.RateLimited(TimeSpan.FromSeconds(30), DemoEsiEndpoints.ContactsRoute, Me);

        var call = _rig.Esi.DeleteContactsAsync(Me, token, [500_001], Ct);
        var ex = await Assert.ThrowsAsync<EsiException>(() => _rig.PumpAsync(call));

        Assert.Equal(HttpStatusCode.TooManyRequests, ex.StatusCode);
        Assert.True(ex.IsRetryable);
        Assert.Equal("DELETE /characters/{character_id}/contacts", ex.Route);
        EsiRig.AssertNoToken(ex, token);
        Assert.Equal(1, _rig.Faults.Pending);
        Assert.Contains(_rig.Store.Contacts(Me), c => c.ContactId == 500_001);
    }
}
