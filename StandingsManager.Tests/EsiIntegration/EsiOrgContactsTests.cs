using System.Net;
using StandingsManager.App.Demo;
using StandingsManager.App.Demo.Esi;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Eve.Sso;
using StandingsManager.Tests.Simulator;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.EsiIntegration;

/// <summary>Alliance and corporation contact reads of the real client against the simulator, over HTTP.</summary>
public sealed class EsiOrgContactsTests : IAsyncLifetime
{
    private const long Alliance = DemoUniverse.HomeAllianceId;
    private const long Corporation = DemoUniverse.HomeCorporationId;
    private const long BeaBlue = DemoPersonas.Blue; // Blue Friends Corp, Friendly Coalition
    private readonly EsiRig _rig = new();
    private static CancellationToken Ct => EsiRig.Ct;
    private static long Ada => DemoPersonas.Administrator;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    private string Token(long characterId, params string[] scopes) => _rig.Host.Token(characterId, scopes);

    // Crowd pilots: real characters of the demo universe, so the lists hold ids ESI knows.
    private static List<DemoEsiOrgContact> Crowd(int count) =>
        [.. Enumerable.Range(1, count).Select(i => new DemoEsiOrgContact(91_000_000 + i, DemoEsiUniverse.Character, i % 21 - 10, []))];

    [Theory]
    [InlineData(1000, 1)]
    [InlineData(2500, 3)]
    public async Task An_alliance_list_comes_back_across_every_page_of_a_thousand(int count, int pages)
    {
        var seeded = Crowd(count);
        _rig.Store.ReplaceOrgContacts(Alliance, seeded);

        var result = await _rig.Esi.GetAllianceContactsAsync(Alliance, Ada, Token(Ada, EveScopes.AllianceContacts), null, Ct);

        Assert.Equal(pages, result.Calls);
        Assert.Equal(seeded.Select(c => (c.ContactId, c.Standing)), result.Items.Select(c => (c.ContactId, c.Standing)).Order());
        Assert.All(result.Items, c => Assert.Null(c.IsWatched)); // alliance lists carry no watch flag
    }

    [Fact]
    public async Task A_corporation_list_comes_back_across_pages_of_two_hundred_in_the_corp_social_bucket()
    {
        _rig.Store.ReplaceOrgContacts(Corporation, Crowd(450));

        var result = await _rig.Esi.GetCorporationContactsAsync(Corporation, Ada, Token(Ada, EveScopes.CorporationContacts), null, Ct);

        Assert.Equal(3, result.Calls);
        Assert.Equal(450, result.Items.Select(c => c.ContactId).Distinct().Count());
        using var raw = await _rig.Host.SendAsync(HttpMethod.Get, $"/corporations/{Corporation}/contacts?page=3", Token(Ada, EveScopes.CorporationContacts));
        Assert.Equal("corp-social", SimulatorHost.Header(raw, "X-Ratelimit-Group"));
        Assert.Equal("300/15m", SimulatorHost.Header(raw, "X-Ratelimit-Limit"));
        Assert.Equal("3", SimulatorHost.Header(raw, "X-Pages"));
    }

    [Fact]
    public async Task The_seeded_home_lists_are_served_to_a_member()
    {
        var alliance = await _rig.Esi.GetAllianceContactsAsync(Alliance, Ada, Token(Ada, EveScopes.AllianceContacts), null, Ct);
        var corporation = await _rig.Esi.GetCorporationContactsAsync(Corporation, Ada, Token(Ada, EveScopes.CorporationContacts), null, Ct);

        Assert.Equal([500_001, 90_000_101, 98_000_004, 99_000_002], alliance.Items.Select(c => c.ContactId));
        Assert.Equal([98_000_003, 98_000_004, 99_000_002], corporation.Items.Select(c => c.ContactId));
    }

    [Fact]
    public async Task A_token_without_the_list_scope_is_refused_naming_the_route()
    {
        // The character contact scopes and the other organisation's scope do not open the alliance list.
        var token = Token(Ada, [.. EveScopes.Contacts, EveScopes.CorporationContacts]);

        var ex = await Assert.ThrowsAsync<EsiException>(() => _rig.Esi.GetAllianceContactsAsync(Alliance, Ada, token, null, Ct));

        Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
        Assert.Equal("GET /alliances/{alliance_id}/contacts", ex.Route);
        Assert.Equal("token not valid for scope", ex.EsiError);
        EsiRig.AssertNoToken(ex, token);
    }

    [Fact]
    public async Task A_character_of_another_alliance_or_corporation_is_refused_though_a_member_read_the_lists_just_before()
    {
        // ESI's cache holds the members' reads; it is keyed by the token's character, so it must not answer for Bea.
        await _rig.Esi.GetAllianceContactsAsync(Alliance, Ada, Token(Ada, EveScopes.AllianceContacts), null, Ct);
        await _rig.Esi.GetCorporationContactsAsync(Corporation, Ada, Token(Ada, EveScopes.CorporationContacts), null, Ct);

        var alliance = await Assert.ThrowsAsync<EsiException>(() =>
            _rig.Esi.GetAllianceContactsAsync(Alliance, BeaBlue, Token(BeaBlue, EveScopes.AllianceContacts), null, Ct));
        var corporation = await Assert.ThrowsAsync<EsiException>(() =>
            _rig.Esi.GetCorporationContactsAsync(Corporation, BeaBlue, Token(BeaBlue, EveScopes.CorporationContacts), null, Ct));

        Assert.Equal(HttpStatusCode.Forbidden, alliance.StatusCode);
        Assert.Equal("Character is not a member of this alliance", alliance.EsiError);
        Assert.Equal(HttpStatusCode.Forbidden, corporation.StatusCode);
        Assert.Equal("Character is not a member of this corporation", corporation.EsiError);
    }

    [Fact]
    public async Task An_organisation_that_does_not_exist_is_not_found()
    {
        var ex = await Assert.ThrowsAsync<EsiException>(() =>
            _rig.Esi.GetAllianceContactsAsync(99_999_999, Ada, Token(Ada, EveScopes.AllianceContacts), null, Ct));

        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
    }
}
