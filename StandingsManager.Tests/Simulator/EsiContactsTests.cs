using System.Net;
using StandingsManager.App.Demo;
using StandingsManager.App.Demo.Esi;
using Microsoft.Extensions.DependencyInjection;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Simulator;

/// <summary>The simulated character contacts routes follow ESI's contract: shapes, scopes, limits, paging and caching.</summary>
public sealed class EsiContactsTests : IAsyncLifetime
{
    private readonly SimulatorHost _esi = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _esi.DisposeAsync();

    [Fact]
    public async Task Get_contacts_returns_the_seeded_personal_contacts_with_esi_headers()
    {
        var response = await _esi.GetContactsAsync(DemoPersonas.Administrator);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var contacts = await SimulatorHost.JsonAsync(response);
        Assert.True(contacts.GetArrayLength() >= 3);
        var pirates = contacts.EnumerateArray().Single(c => c.GetProperty("contact_id").GetInt64() == 98_000_004);
        Assert.Equal("corporation", pirates.GetProperty("contact_type").GetString());
        Assert.Equal(-10, pirates.GetProperty("standing").GetDouble());
        Assert.Equal("1", SimulatorHost.Header(response, "X-Pages"));
        Assert.Equal("char-social", SimulatorHost.Header(response, "X-Ratelimit-Group"));
        Assert.Equal("600/15m", SimulatorHost.Header(response, "X-Ratelimit-Limit"));
        Assert.Equal("2", SimulatorHost.Header(response, "X-Ratelimit-Used"));
        Assert.Equal("598", SimulatorHost.Header(response, "X-Ratelimit-Remaining"));
        Assert.Equal("2026-08-18", SimulatorHost.Header(response, "X-Compatibility-Date"));
        Assert.NotNull(response.Headers.ETag);
        Assert.NotNull(response.Content.Headers.Expires);
        Assert.NotNull(response.Content.Headers.LastModified);
        Assert.False(response.Headers.Contains("X-ESI-Error-Limit-Remain"), "bucket routes do not send the error-limit headers");
    }

    [Fact]
    public async Task Get_labels_has_the_configured_label_except_for_the_persona_without_it()
    {
        var labelName = _esi.Store.StandingsLabelName;

        var admin = await SimulatorHost.JsonAsync(await _esi.SendAsync(HttpMethod.Get, $"/characters/{DemoPersonas.Administrator}/contacts/labels", _esi.Token(DemoPersonas.Administrator, DemoEsiEndpoints.ReadContactsScope)));
        var mia = await SimulatorHost.JsonAsync(await _esi.SendAsync(HttpMethod.Get, $"/characters/{DemoUniverse.PersonaWithoutStandingsLabel}/contacts/labels", _esi.Token(DemoUniverse.PersonaWithoutStandingsLabel, DemoEsiEndpoints.ReadContactsScope)));

        Assert.Equal("Alliance Standings", labelName);
        Assert.Contains(admin.EnumerateArray(), l => l.GetProperty("label_name").GetString() == labelName && l.GetProperty("label_id").GetInt64() > 0);
        Assert.DoesNotContain(mia.EnumerateArray(), l => l.GetProperty("label_name").GetString() == labelName);
        Assert.NotEqual(0, mia.GetArrayLength());
    }

    [Fact]
    public async Task Post_creates_only_new_contacts_and_reports_them()
    {
        var me = DemoPersonas.Administrator; // the persona whose personal contacts include Pirate Menace
        var token = _esi.Token(me, SimulatorHost.AllContactScopes);

        var response = await _esi.SendAsync(HttpMethod.Post, $"/characters/{me}/contacts?standing=5&label_ids={DemoEsiStore.StandingsLabelId}&watched=true", token, new long[] { 99_000_002, 98_000_002, 90_000_006, 98_000_004 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await SimulatorHost.JsonAsync(response)).EnumerateArray().Select(e => e.GetInt64()).Order().ToArray();
        Assert.Equal([90_000_006, 98_000_002, 99_000_002], created); // Pirate Menace was already a contact
        var contacts = _esi.Store.Contacts(me);
        var bea = contacts.Single(c => c.ContactId == 90_000_006);
        Assert.Equal(5, bea.Standing);
        Assert.Equal([DemoEsiStore.StandingsLabelId], bea.LabelIds);
        Assert.True(bea.IsWatched);
        Assert.False(contacts.Single(c => c.ContactId == 99_000_002).IsWatched); // watched only sticks to characters
        Assert.Equal(-10, contacts.Single(c => c.ContactId == 98_000_004).Standing);
    }

    [Fact]
    public async Task Put_edits_existing_contacts_and_accepts_csv_label_ids()
    {
        var me = DemoPersonas.Administrator;
        var token = _esi.Token(me, SimulatorHost.AllContactScopes);

        var response = await _esi.SendAsync(HttpMethod.Put, $"/characters/{me}/contacts?standing=-5&label_ids={DemoEsiStore.FriendsLabelId},{DemoEsiStore.StandingsLabelId}", token, new long[] { 98_000_004 });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var pirates = _esi.Store.Contacts(me).Single(c => c.ContactId == 98_000_004);
        Assert.Equal(-5, pirates.Standing);
        Assert.Equal([DemoEsiStore.FriendsLabelId, DemoEsiStore.StandingsLabelId], pirates.LabelIds);
    }

    [Theory]
    [InlineData("contact_ids=98000004&contact_ids=500001")]
    [InlineData("contact_ids=98000004,500001")]
    public async Task Delete_removes_contacts_given_as_repeated_or_csv_ids(string query)
    {
        var me = DemoPersonas.Member;
        var token = _esi.Token(me, SimulatorHost.AllContactScopes);

        var response = await _esi.SendAsync(HttpMethod.Delete, $"/characters/{me}/contacts?{query}", token);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var left = _esi.Store.Contacts(me).Select(c => c.ContactId).ToList();
        Assert.DoesNotContain(98_000_004L, left);
        Assert.DoesNotContain(500_001L, left);
        Assert.Contains(90_000_201L, left);
    }

    [Fact]
    public async Task No_token_is_401_and_a_forged_or_expired_token_is_401()
    {
        var me = DemoPersonas.Administrator;
        var grant = new DemoSsoServer.Grant(me, "Ada Admiral", DemoUniverse.OwnerHash(me), SimulatorHost.AllContactScopes, DemoEve.ClientId, null, default);
        using var otherKey = System.Security.Cryptography.RSA.Create(2048);
        var forged = _esi.Sso.CreateAccessToken(grant, key: new Microsoft.IdentityModel.Tokens.RsaSecurityKey(otherKey) { KeyId = DemoSsoServer.KeyId });
        var expired = _esi.Sso.CreateAccessToken(grant, expires: TimeProvider.System.GetUtcNow().AddMinutes(-5));
        var wrongIssuer = _esi.Sso.CreateAccessToken(grant, issuer: "login.example.com");

        var none = await _esi.SendAsync(HttpMethod.Get, $"/characters/{me}/contacts");
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.False(string.IsNullOrEmpty((await SimulatorHost.JsonAsync(none)).GetProperty("error").GetString()));
        foreach (var bad in new[] { forged, expired, wrongIssuer, "not-a-jwt" })
            Assert.Equal(HttpStatusCode.Unauthorized, (await _esi.SendAsync(HttpMethod.Get, $"/characters/{me}/contacts", bad)).StatusCode);
    }

    [Fact]
    public async Task Missing_scope_is_403_for_reads_and_writes()
    {
        var me = DemoPersonas.Administrator;
        var readOnly = _esi.Token(me, DemoEsiEndpoints.ReadContactsScope);
        var writeOnly = _esi.Token(me, DemoEsiEndpoints.WriteContactsScope);

        var write = await _esi.SendAsync(HttpMethod.Post, $"/characters/{me}/contacts?standing=5", readOnly, new long[] { 99_000_002 });
        var read = await _esi.SendAsync(HttpMethod.Get, $"/characters/{me}/contacts", writeOnly);
        var labels = await _esi.SendAsync(HttpMethod.Get, $"/characters/{me}/contacts/labels", _esi.Token(me));

        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, labels.StatusCode);
        Assert.Equal("token not valid for scope", (await SimulatorHost.JsonAsync(write)).GetProperty("error").GetString());
        Assert.DoesNotContain(_esi.Store.Contacts(me), c => c.ContactId == 99_000_002);
    }

    [Fact]
    public async Task Another_characters_token_is_403()
    {
        var response = await _esi.SendAsync(HttpMethod.Get, $"/characters/{DemoPersonas.Administrator}/contacts", _esi.Token(DemoPersonas.Approver, SimulatorHost.AllContactScopes));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("POST", "?standing=5", 101)]
    [InlineData("PUT", "?standing=5", 101)]
    [InlineData("POST", "?standing=5", 0)]
    [InlineData("POST", "", 1)]
    [InlineData("POST", "?standing=10.5", 1)]
    [InlineData("POST", "?standing=-11", 1)]
    [InlineData("POST", "?standing=5&label_ids=64", 1)]
    [InlineData("PUT", "?standing=5&label_ids=2,64", 1)]
    [InlineData("POST", "?standing=5&watched=maybe", 1)]
    public async Task Invalid_writes_are_400_and_change_nothing(string method, string query, int idCount)
    {
        var me = DemoPersonas.Administrator;
        var before = _esi.Store.Contacts(me);
        var ids = Enumerable.Range(0, idCount).Select(i => i == 0 ? 99_000_002L : 90_000_000L + i).ToArray();

        var response = await _esi.SendAsync(new HttpMethod(method), $"/characters/{me}/contacts{query}", _esi.Token(me, SimulatorHost.AllContactScopes), ids);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(string.IsNullOrEmpty((await SimulatorHost.JsonAsync(response)).GetProperty("error").GetString()));
        Assert.Equal(before, _esi.Store.Contacts(me));
    }

    [Fact]
    public async Task Unknown_contact_ids_are_refused()
    {
        var me = DemoPersonas.Administrator;

        var response = await _esi.SendAsync(HttpMethod.Post, $"/characters/{me}/contacts?standing=5", _esi.Token(me, SimulatorHost.AllContactScopes), new long[] { 99_000_002, 12_345 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(_esi.Store.Contacts(me), c => c.ContactId == 99_000_002);
    }

    [Fact]
    public async Task Delete_with_more_than_20_ids_is_400()
    {
        var me = DemoPersonas.Administrator;
        var query = string.Join("&", Enumerable.Range(0, 21).Select(i => $"contact_ids={90_000_000 + i}"));

        var response = await _esi.SendAsync(HttpMethod.Delete, $"/characters/{me}/contacts?{query}", _esi.Token(me, SimulatorHost.AllContactScopes));
        var empty = await _esi.SendAsync(HttpMethod.Delete, $"/characters/{me}/contacts", _esi.Token(me, SimulatorHost.AllContactScopes));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains(_esi.Store.Contacts(me), c => c.ContactId == 98_000_004);
    }

    [Fact]
    public async Task Post_past_the_1024_cap_fails_as_action_failed_and_creates_nothing()
    {
        var me = DemoPersonas.Approver;
        // 1023 filler contacts: one more fits, two do not.
        _esi.Store.ReplaceContacts(me, Enumerable.Range(0, 1023).Select(i => new DemoEsiContact(80_000_000 + i, "character", 0, [], false)));
        var token = _esi.Token(me, SimulatorHost.AllContactScopes);

        var tooMany = await _esi.SendAsync(HttpMethod.Post, $"/characters/{me}/contacts?standing=5", token, new long[] { 99_000_002, 98_000_002 });
        Assert.Equal(HttpStatusCode.InternalServerError, tooMany.StatusCode);
        Assert.Equal("Action failed", (await SimulatorHost.JsonAsync(tooMany)).GetProperty("error").GetString());
        Assert.Equal(1023, _esi.Store.Contacts(me).Count);

        var fits = await _esi.SendAsync(HttpMethod.Post, $"/characters/{me}/contacts?standing=5", token, new long[] { 99_000_002 });
        Assert.Equal(HttpStatusCode.Created, fits.StatusCode);
        Assert.Equal(DemoEsiStore.MaxContacts, _esi.Store.Contacts(me).Count);
    }

    [Fact]
    public async Task More_than_1024_contacts_are_paged_with_x_pages()
    {
        var me = DemoPersonas.Auditor;
        _esi.Store.ReplaceContacts(me, Enumerable.Range(0, 1500).Select(i => new DemoEsiContact(80_000_000 + i, "character", 5, [], false)));

        var first = await _esi.GetContactsAsync(me);
        var second = await _esi.GetContactsAsync(me, "?page=2");
        var third = await _esi.GetContactsAsync(me, "?page=3");

        Assert.Equal("2", SimulatorHost.Header(first, "X-Pages"));
        Assert.Equal("2", SimulatorHost.Header(second, "X-Pages"));
        Assert.Equal(1024, (await SimulatorHost.JsonAsync(first)).GetArrayLength());
        var rest = await SimulatorHost.JsonAsync(second);
        Assert.Equal(476, rest.GetArrayLength());
        Assert.Equal(80_001_024, rest[0].GetProperty("contact_id").GetInt64());
        Assert.Equal(first.Content.Headers.LastModified, second.Content.Headers.LastModified);
        Assert.Equal(HttpStatusCode.NotFound, third.StatusCode);
    }

    [Fact]
    public async Task Etag_turns_an_unchanged_read_into_304_and_a_change_into_a_new_etag_once_the_read_cache_expires()
    {
        var time = SimulatorHost.NewFakeTime();
        await using var esi = new SimulatorHost(time);
        var me = DemoPersonas.Administrator;
        var token = esi.Token(me, SimulatorHost.AllContactScopes);
        var first = await esi.GetContactsAsync(me);
        var etag = first.Headers.ETag!;

        async Task<HttpResponseMessage> ConditionalAsync()
        {
            using var conditional = SimulatorHost.Request(HttpMethod.Get, $"/characters/{me}/contacts", token);
            conditional.Headers.IfNoneMatch.Add(etag);
            return await esi.Client.SendAsync(conditional, TestContext.Current.CancellationToken);
        }

        var notModified = await ConditionalAsync();
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(etag, notModified.Headers.ETag);
        Assert.Equal("1", SimulatorHost.Header(notModified, "X-Ratelimit-Used"));

        await esi.SendAsync(HttpMethod.Put, $"/characters/{me}/contacts?standing=0", token, new long[] { 98_000_004 });
        // ESI serves the read from its cache for up to 300 s, so right after the write it is stale.
        time.Advance(TimeSpan.FromSeconds(299));
        var stale = await ConditionalAsync();
        Assert.Equal(HttpStatusCode.NotModified, stale.StatusCode);

        time.Advance(TimeSpan.FromSeconds(2));
        var changed = await ConditionalAsync();
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
        var contacts = await SimulatorHost.JsonAsync(changed);
        Assert.Contains(contacts.EnumerateArray(), c => c.GetProperty("contact_id").GetInt64() == 98_000_004 && c.GetProperty("standing").GetDouble() == 0);
    }

    [Fact]
    public async Task Read_cache_can_be_turned_off()
    {
        await using var esi = new SimulatorHost(services: s => s.Configure<DemoEsiOptions>(o => o.ReadCacheSeconds = 0));
        var me = DemoPersonas.Administrator;
        var token = esi.Token(me, SimulatorHost.AllContactScopes);
        await esi.GetContactsAsync(me);

        await esi.SendAsync(HttpMethod.Put, $"/characters/{me}/contacts?standing=0", token, new long[] { 98_000_004 });
        var contacts = await SimulatorHost.JsonAsync(await esi.GetContactsAsync(me));

        Assert.Contains(contacts.EnumerateArray(), c => c.GetProperty("contact_id").GetInt64() == 98_000_004 && c.GetProperty("standing").GetDouble() == 0);
    }

    [Fact]
    public async Task A_refused_add_is_left_out_of_the_created_list()
    {
        var me = DemoPersonas.Administrator;
        var token = _esi.Token(me, SimulatorHost.AllContactScopes);
        _esi.Faults.RefuseAdds(me, 90_000_202);

        var response = await _esi.SendAsync(HttpMethod.Post, $"/characters/{me}/contacts?standing=5", token, new long[] { 90_000_202, 98_000_002 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal([98_000_002L], (await SimulatorHost.JsonAsync(response)).EnumerateArray().Select(e => e.GetInt64()));
        Assert.DoesNotContain(_esi.Store.Contacts(me), c => c.ContactId == 90_000_202);
    }

    [Fact]
    public async Task Compatibility_date_is_echoed_as_the_effective_date()
    {
        using var request = SimulatorHost.Request(HttpMethod.Get, "/status");
        request.Headers.Remove("X-Compatibility-Date");
        request.Headers.Add("X-Compatibility-Date", "2026-07-30");
        var pinned = await _esi.Client.SendAsync(request, TestContext.Current.CancellationToken);
        var unpinned = await _esi.Client.GetAsync("/status", TestContext.Current.CancellationToken);

        Assert.Equal("2026-07-21", SimulatorHost.Header(pinned, "X-Compatibility-Date"));
        Assert.Equal("2020-01-01", SimulatorHost.Header(unpinned, "X-Compatibility-Date"));
    }

    [Fact]
    public async Task Expiry_is_judged_by_the_apps_clock()
    {
        var time = SimulatorHost.NewFakeTime();
        await using var esi = new SimulatorHost(time);
        var token = esi.Token(DemoPersonas.Administrator, SimulatorHost.AllContactScopes);
        var path = $"/characters/{DemoPersonas.Administrator}/contacts/labels";

        Assert.Equal(HttpStatusCode.OK, (await esi.SendAsync(HttpMethod.Get, path, token)).StatusCode);
        time.Advance(TimeSpan.FromMinutes(21));
        Assert.Equal(HttpStatusCode.Unauthorized, (await esi.SendAsync(HttpMethod.Get, path, token)).StatusCode);
    }
}
