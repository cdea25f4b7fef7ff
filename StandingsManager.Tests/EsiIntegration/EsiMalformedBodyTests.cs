using System.Net;
using System.Text.Json;
using StandingsManager.App.Demo.Esi;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.EsiIntegration;

/// <summary>
/// A body cut off half-way, a null item, a missing required field or an impossible page count: an <see cref="EsiException"/>
/// naming the route, never the token, never retried, and never a <see cref="NullReferenceException"/> later.
/// </summary>
public sealed class EsiMalformedBodyTests : IAsyncLifetime
{
    private const long Me = DemoPersonas.Blue;
    private readonly EsiRig _rig = new();
    private static CancellationToken Ct => EsiRig.Ct;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    [Fact]
    public async Task A_garbled_contacts_page_fails_naming_the_route_without_the_token()
    {
        var token = _rig.Token(Me);
        _rig.Faults.MalformedJson(DemoEsiEndpoints.ContactsRoute, Me);

        var call = _rig.Esi.GetContactsAsync(Me, token, null, Ct);
        var ex = await Assert.ThrowsAsync<EsiException>(() => _rig.PumpAsync(call));

        Assert.Equal("GET /characters/{character_id}/contacts", ex.Route);
        Assert.Contains("GET /characters/{character_id}/contacts", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not the expected JSON", ex.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.False(ex.IsRetryable);
        Assert.IsType<JsonException>(ex.InnerException, exactMatch: false);
        EsiRig.AssertNoToken(ex, token);
        Assert.Equal(0, _rig.Faults.Pending);

        // The next read is fine again.
        Assert.Equal(4, (await _rig.Esi.GetContactsAsync(Me, token, null, Ct)).Items.Count);
    }

    [Fact]
    public async Task A_garbled_labels_answer_fails_naming_the_labels_route()
    {
        var token = _rig.Token(Me);
        _rig.Faults.MalformedJson(DemoEsiEndpoints.LabelsRoute, Me);

        var ex = await Assert.ThrowsAsync<EsiException>(() => _rig.Esi.GetContactLabelsAsync(Me, token, null, Ct));

        Assert.Equal("GET /characters/{character_id}/contacts/labels", ex.Route);
        Assert.Contains(ex.Route, ex.Message, StringComparison.Ordinal);
        EsiRig.AssertNoToken(ex, token);
    }

    [Fact]
    public async Task A_garbled_created_list_after_an_add_fails_naming_the_post_route()
    {
        var token = _rig.Token(Me);
        _rig.Faults.MalformedJson(DemoEsiEndpoints.ContactsRoute, Me, method: "POST");

        var ex = await Assert.ThrowsAsync<EsiException>(() => _rig.Esi.AddContactsAsync(Me, token, [90_000_202, 90_000_201], 5, [], watched: false, Ct));

        Assert.Equal("POST /characters/{character_id}/contacts", ex.Route);
        Assert.Contains(ex.Route, ex.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, ex.StatusCode);
        EsiRig.AssertNoToken(ex, token);
    }

    [Fact]
    public async Task A_garbled_public_answer_fails_naming_the_route()
    {
        _rig.Faults.MalformedJson(DemoEsiEndpoints.AffiliationRoute);

        var ex = await Assert.ThrowsAsync<EsiException>(() => _rig.Esi.GetAffiliationsAsync([DemoPersonas.Member, DemoPersonas.Blue], Ct));

        Assert.Equal("POST /characters/affiliation", ex.Route);
        Assert.Contains(ex.Route, ex.Message, StringComparison.Ordinal);
        Assert.False(ex.IsRetryable);
    }

    [Fact]
    public async Task A_null_contact_in_the_array_fails_naming_the_route()
    {
        var token = _rig.Token(Me);
        _rig.Faults.MalformedBody(DemoEsiMalformation.NullItem, DemoEsiEndpoints.ContactsRoute, Me);

        var ex = await Assert.ThrowsAsync<EsiException>(() => _rig.Esi.GetContactsAsync(Me, token, null, Ct));

        Assert.Equal("GET /characters/{character_id}/contacts", ex.Route);
        Assert.Contains(ex.Route, ex.Message, StringComparison.Ordinal);
        Assert.Contains("null", ex.Message, StringComparison.Ordinal);
        Assert.False(ex.IsRetryable);
        EsiRig.AssertNoToken(ex, token);
    }

    [Fact]
    public async Task A_null_label_in_the_array_fails_naming_the_route()
    {
        var token = _rig.Token(Me);
        _rig.Faults.MalformedBody(DemoEsiMalformation.NullItem, DemoEsiEndpoints.LabelsRoute, Me);

        var ex = await Assert.ThrowsAsync<EsiException>(() => _rig.Esi.GetContactLabelsAsync(Me, token, null, Ct));

        Assert.Equal("GET /characters/{character_id}/contacts/labels", ex.Route);
        Assert.Contains(ex.Route, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_null_affiliation_in_the_array_fails_naming_the_route()
    {
        _rig.Faults.MalformedBody(DemoEsiMalformation.NullItem, DemoEsiEndpoints.AffiliationRoute);

        var ex = await Assert.ThrowsAsync<EsiException>(() => _rig.Esi.GetAffiliationsAsync([DemoPersonas.Member, DemoPersonas.Blue], Ct));

        Assert.Equal("POST /characters/affiliation", ex.Route);
        Assert.Contains(ex.Route, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_null_match_in_a_name_lookup_fails_naming_the_route()
    {
        _rig.Faults.MalformedBody(DemoEsiMalformation.NullItem, DemoEsiEndpoints.IdsRoute);

        var ex = await Assert.ThrowsAsync<EsiException>(() => _rig.Esi.ResolveIdsAsync(["Mia Member", "Bea Blue"], Ct));

        Assert.Equal("POST /universe/ids", ex.Route);
        Assert.Contains(ex.Route, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_contact_without_its_standing_fails_naming_the_route_and_the_field()
    {
        var token = _rig.Token(Me);
        _rig.Faults.MalformedBody(DemoEsiMalformation.MissingField, DemoEsiEndpoints.ContactsRoute, Me, field: "standing");

        var ex = await Assert.ThrowsAsync<EsiException>(() => _rig.Esi.GetContactsAsync(Me, token, null, Ct));

        Assert.Equal("GET /characters/{character_id}/contacts", ex.Route);
        Assert.Contains(ex.Route, ex.Message, StringComparison.Ordinal);
        Assert.Contains("standing", ex.Message, StringComparison.Ordinal);
        Assert.False(ex.IsRetryable);
        EsiRig.AssertNoToken(ex, token);
    }

    [Fact]
    public async Task A_character_without_its_corporation_fails_naming_the_route()
    {
        _rig.Faults.MalformedBody(DemoEsiMalformation.MissingField, DemoEsiEndpoints.CharacterRoute, field: "corporation_id");

        var ex = await Assert.ThrowsAsync<EsiException>(() => _rig.Esi.GetCharacterAsync(DemoPersonas.Member, Ct));

        Assert.Equal("GET /characters/{character_id}", ex.Route);
        Assert.Contains("corporation_id", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_X_Pages_over_100_fails_naming_the_route_without_reading_further_pages()
    {
        var token = _rig.Token(Me);
        var tokensBefore = await _rig.SocialTokensLeftAfterProbeAsync(Me);
        _rig.Faults.MalformedBody(DemoEsiMalformation.TooManyPages, DemoEsiEndpoints.ContactsRoute, Me);

        var ex = await Assert.ThrowsAsync<EsiException>(() => _rig.Esi.GetContactsAsync(Me, token, null, Ct));

        Assert.Equal("GET /characters/{character_id}/contacts", ex.Route);
        Assert.Contains(ex.Route, ex.Message, StringComparison.Ordinal);
        Assert.Contains("X-Pages", ex.Message, StringComparison.Ordinal);
        Assert.False(ex.IsRetryable);
        EsiRig.AssertNoToken(ex, token);
        // Page 1 and the probe cost 2 tokens each: no page 2 to 101 went out.
        Assert.Equal(tokensBefore - 4, await _rig.SocialTokensLeftAfterProbeAsync(Me));
    }
}
