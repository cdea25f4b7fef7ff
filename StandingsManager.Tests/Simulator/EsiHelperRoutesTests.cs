using System.Net;
using StandingsManager.App.Demo;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Simulator;

/// <summary>The public helper routes: affiliation, names, ids, character, corporation, alliance and status.</summary>
public sealed class EsiHelperRoutesTests(EsiHelperRoutesTests.Server server) : IClassFixture<EsiHelperRoutesTests.Server>
{
    public sealed class Server : IAsyncLifetime
    {
        public SimulatorHost Esi { get; } = new();
        public ValueTask InitializeAsync() => ValueTask.CompletedTask;
        public ValueTask DisposeAsync() => Esi.DisposeAsync();
    }

    private SimulatorHost Esi => server.Esi;

    [Fact]
    public async Task Affiliation_maps_characters_to_corporation_and_alliance()
    {
        var response = await Esi.SendAsync(HttpMethod.Post, "/characters/affiliation", json: new long[] { DemoPersonas.Administrator, 90_000_007, 90_000_101 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = (await SimulatorHost.JsonAsync(response)).EnumerateArray().ToDictionary(r => r.GetProperty("character_id").GetInt64());
        Assert.Equal(DemoUniverse.HomeCorporationId, rows[DemoPersonas.Administrator].GetProperty("corporation_id").GetInt64());
        Assert.Equal(DemoUniverse.HomeAllianceId, rows[DemoPersonas.Administrator].GetProperty("alliance_id").GetInt64());
        Assert.Equal(98_000_003, rows[90_000_007].GetProperty("corporation_id").GetInt64());
        Assert.False(rows[90_000_007].TryGetProperty("alliance_id", out _), "no alliance means no alliance_id, not null");
        Assert.Equal(99_000_002, rows[90_000_101].GetProperty("alliance_id").GetInt64());
        Assert.InRange(int.Parse(SimulatorHost.Header(response, "X-ESI-Error-Limit-Remain"), System.Globalization.CultureInfo.InvariantCulture), 1, 100);
        Assert.InRange(int.Parse(SimulatorHost.Header(response, "X-ESI-Error-Limit-Reset"), System.Globalization.CultureInfo.InvariantCulture), 0, 60);
        Assert.False(response.Headers.Contains("X-Ratelimit-Group"));
    }

    [Fact]
    public async Task Affiliation_refuses_more_than_1000_ids_and_unknown_characters()
    {
        var tooMany = await Esi.SendAsync(HttpMethod.Post, "/characters/affiliation", json: Enumerable.Range(0, 1001).Select(i => 90_000_000L + i).ToArray());
        var unknown = await Esi.SendAsync(HttpMethod.Post, "/characters/affiliation", json: new long[] { DemoPersonas.Administrator, 12_345 });
        var duplicate = await Esi.SendAsync(HttpMethod.Post, "/characters/affiliation", json: new long[] { DemoPersonas.Administrator, DemoPersonas.Administrator });

        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
    }

    [Fact]
    public async Task Names_resolve_every_category_and_404_when_any_id_is_unknown()
    {
        var response = await Esi.SendAsync(HttpMethod.Post, "/universe/names", json: new long[] { DemoPersonas.Blue, 98_000_004, 99_000_002, 500_001 });
        var unknown = await Esi.SendAsync(HttpMethod.Post, "/universe/names", json: new long[] { DemoPersonas.Blue, 12_345 });
        var tooMany = await Esi.SendAsync(HttpMethod.Post, "/universe/names", json: Enumerable.Range(0, 1001).Select(i => 90_000_000L + i).ToArray());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var names = (await SimulatorHost.JsonAsync(response)).EnumerateArray().ToDictionary(n => n.GetProperty("id").GetInt64());
        Assert.Equal(("Bea Blue", "character"), (names[DemoPersonas.Blue].GetProperty("name").GetString(), names[DemoPersonas.Blue].GetProperty("category").GetString()));
        Assert.Equal("corporation", names[98_000_004].GetProperty("category").GetString());
        Assert.Equal("alliance", names[99_000_002].GetProperty("category").GetString());
        Assert.Equal("faction", names[500_001].GetProperty("category").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
    }

    [Fact]
    public async Task Ids_resolve_exact_names_by_category()
    {
        var response = await Esi.SendAsync(HttpMethod.Post, "/universe/ids", json: new[] { "Ada Admiral", "Pirate Menace", "Friendly Coalition", "Nobody Here" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ids = await SimulatorHost.JsonAsync(response);
        Assert.Equal(DemoPersonas.Administrator, ids.GetProperty("characters")[0].GetProperty("id").GetInt64());
        Assert.Equal("Ada Admiral", ids.GetProperty("characters")[0].GetProperty("name").GetString());
        Assert.Equal(98_000_004, ids.GetProperty("corporations")[0].GetProperty("id").GetInt64());
        Assert.Equal(99_000_002, ids.GetProperty("alliances")[0].GetProperty("id").GetInt64());
        Assert.False(ids.TryGetProperty("factions", out _));
    }

    [Fact]
    public async Task Character_corporation_and_alliance_details()
    {
        var character = await SimulatorHost.JsonAsync(await Esi.SendAsync(HttpMethod.Get, $"/characters/{DemoPersonas.Blue}"));
        var missing = await Esi.SendAsync(HttpMethod.Get, "/characters/12345");
        var alliance = await SimulatorHost.JsonAsync(await Esi.SendAsync(HttpMethod.Get, $"/alliances/{DemoUniverse.HomeAllianceId}"));

        Assert.Equal("Bea Blue", character.GetProperty("name").GetString());
        Assert.Equal(98_000_002, character.GetProperty("corporation_id").GetInt64());
        Assert.Equal(99_000_002, character.GetProperty("alliance_id").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("Demo Alliance", alliance.GetProperty("name").GetString());
        Assert.Equal(DemoUniverse.HomeCorporationId, alliance.GetProperty("executor_corporation_id").GetInt64());
        Assert.False(string.IsNullOrEmpty(alliance.GetProperty("ticker").GetString()));
    }

    [Theory]
    [InlineData(98_000_001, "Demo Holdings", 5, 99_000_001L)]
    [InlineData(98_000_002, "Blue Friends Corp", 2, 99_000_002L)]
    [InlineData(98_000_003, "Neutral Traders", 1, null)]
    [InlineData(98_000_004, "Pirate Menace", 12, null)]
    public async Task Corporation_details_carry_member_counts_consistent_with_the_universe(long id, string name, int members, long? allianceId)
    {
        var response = await Esi.SendAsync(HttpMethod.Get, $"/corporations/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var corp = await SimulatorHost.JsonAsync(response);
        Assert.Equal(name, corp.GetProperty("name").GetString());
        Assert.Equal(members, corp.GetProperty("member_count").GetInt32());
        Assert.Equal(allianceId, corp.TryGetProperty("alliance_id", out var a) ? a.GetInt64() : null);
        Assert.False(string.IsNullOrEmpty(corp.GetProperty("ticker").GetString()));
        // Known characters never outnumber the member count; personas fully cover only some corps.
        var knownCharacters = DemoUniverse.Personas.Count(p => p.CorporationId == id) + DemoUniverse.Pilots.Count(p => p.CorporationId == id);
        Assert.True(knownCharacters <= members);
    }

    [Fact]
    public async Task Status_reports_players_version_and_start_time_with_the_status_bucket()
    {
        var response = await Esi.SendAsync(HttpMethod.Get, "/status");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var status = await SimulatorHost.JsonAsync(response);
        Assert.True(status.GetProperty("players").GetInt32() > 0);
        Assert.False(string.IsNullOrEmpty(status.GetProperty("server_version").GetString()));
        Assert.True(status.GetProperty("start_time").GetDateTimeOffset() <= TimeProvider.System.GetUtcNow());
        Assert.Equal("status", SimulatorHost.Header(response, "X-Ratelimit-Group"));
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task Public_gets_support_etags_too()
    {
        var first = await Esi.SendAsync(HttpMethod.Get, $"/corporations/{DemoUniverse.HomeCorporationId}");
        using var conditional = SimulatorHost.Request(HttpMethod.Get, $"/corporations/{DemoUniverse.HomeCorporationId}");
        conditional.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        var second = await Esi.Client.SendAsync(conditional, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.NotNull(second.Content.Headers.Expires);
    }
}
