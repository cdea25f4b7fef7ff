using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using StandingsManager.App.Demo;
using StandingsManager.App.Demo.Esi;

namespace StandingsManager.Tests.Simulator;

/// <summary>The simulated <c>/wars</c> routes: paging, the demo alliance's wars, ETags, Expires, the killmail bucket and the test controls.</summary>
public sealed class EsiWarsTests : IAsyncLifetime
{
    private readonly SimulatorHost _esi = new(SimulatorHost.NewFakeTime());

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _esi.DisposeAsync();

    private DemoEsiWars Wars => _esi.Services.GetRequiredService<DemoEsiWars>();

    [Fact]
    public async Task Wars_come_2000_a_page_newest_first_and_max_war_id_pages_back()
    {
        var first = await _esi.SendAsync(HttpMethod.Get, "/wars");
        var ids = (await SimulatorHost.JsonAsync(first)).EnumerateArray().Select(e => e.GetInt64()).ToList();
        var next = await _esi.SendAsync(HttpMethod.Get, $"/wars?max_war_id={ids[^1]}");
        var more = (await SimulatorHost.JsonAsync(next)).EnumerateArray().Select(e => e.GetInt64()).ToList();

        Assert.Equal(5_000, Wars.Count);
        Assert.Equal(2_000, ids.Count);
        Assert.Equal(Wars.NewestId, ids[0]);
        Assert.Equal(ids.OrderDescending(), ids);
        Assert.Equal(ids[^1] - 1, more[0]);
        Assert.Equal(HttpStatusCode.BadRequest, (await _esi.SendAsync(HttpMethod.Get, "/wars?max_war_id=abc")).StatusCode);
    }

    [Fact]
    public async Task The_demo_alliance_defends_one_war_attacks_a_corporation_with_an_ally_and_has_a_finished_and_a_pending_war()
    {
        var now = _esi.Time!.GetUtcNow();
        var defended = Wars.Find(Wars.DefendedWarId)!;
        var attack = Wars.Find(Wars.AttackWarId)!;
        var finished = Wars.Find(Wars.FinishedWarId)!;
        var pending = Wars.Find(Wars.PendingWarId)!;

        Assert.Equal(DemoUniverse.HomeAllianceId, defended.Defender.AllianceId);
        Assert.Equal(DemoUniverse.HomeAllianceId, attack.Aggressor.AllianceId);
        Assert.Equal(DemoEsiWars.NeutralTradersId, attack.Defender.CorporationId);
        Assert.Equal(DemoEsiWars.CrowdIndustriesId, Assert.Single(attack.Allies!).CorporationId);
        Assert.True(finished.Finished < now);
        Assert.True(pending.Started > now);

        var json = await SimulatorHost.JsonAsync(await _esi.SendAsync(HttpMethod.Get, $"/wars/{Wars.AttackWarId}"));
        Assert.Equal(DemoEsiWars.CrowdIndustriesId, json.GetProperty("allies")[0].GetProperty("corporation_id").GetInt64());
        Assert.True(json.GetProperty("open_for_allies").GetBoolean());
        Assert.False(json.TryGetProperty("finished", out _));
        Assert.Equal((HttpStatusCode)422, (await _esi.SendAsync(HttpMethod.Get, "/wars/1")).StatusCode);
    }

    [Fact]
    public async Task A_war_is_cached_an_hour_answers_304_to_its_etag_for_one_token_and_shows_a_change_once_expired()
    {
        var path = $"/wars/{Wars.DefendedWarId}";
        var first = await _esi.SendAsync(HttpMethod.Get, path);
        var etag = SimulatorHost.Header(first, "ETag");
        Assert.Equal(_esi.Time!.GetUtcNow().AddHours(1).ToString("R", CultureInfo.InvariantCulture), SimulatorHost.Header(first, "Expires"));
        Assert.Equal("killmail", SimulatorHost.Header(first, "X-Ratelimit-Group"));
        Assert.Equal("3600/15m", SimulatorHost.Header(first, "X-Ratelimit-Limit"));
        Assert.Equal("2", SimulatorHost.Header(first, "X-Ratelimit-Used"));

        Wars.Finish(Wars.DefendedWarId);
        using var conditional = SimulatorHost.Request(HttpMethod.Get, path);
        conditional.Headers.TryAddWithoutValidation("If-None-Match", etag);
        var cached = await _esi.Client.SendAsync(conditional, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotModified, cached.StatusCode);
        Assert.Equal("1", SimulatorHost.Header(cached, "X-Ratelimit-Used"));

        _esi.Time.Advance(TimeSpan.FromHours(1));
        var fresh = await SimulatorHost.JsonAsync(await _esi.SendAsync(HttpMethod.Get, path));
        Assert.True(fresh.TryGetProperty("finished", out _));
    }

    [Fact]
    public async Task Test_controls_start_retract_and_add_wars()
    {
        Wars.Start(Wars.PendingWarId);
        Wars.Retract(Wars.AttackWarId);
        var added = Wars.Add(DemoWarParty.Corporation(DemoEsiWars.PirateMenaceId), DemoWarParty.Alliance(DemoUniverse.HomeAllianceId));
        Wars.ExpireCache();

        var now = _esi.Time!.GetUtcNow();
        Assert.True(Wars.Find(Wars.PendingWarId)!.Started <= now);
        Assert.Equal(now, Wars.Find(Wars.AttackWarId)!.Retracted);
        Assert.Equal(now.AddDays(1), Wars.Find(Wars.AttackWarId)!.Finished);
        var ids = (await SimulatorHost.JsonAsync(await _esi.SendAsync(HttpMethod.Get, "/wars"))).EnumerateArray().Select(e => e.GetInt64()).ToList();
        Assert.Equal(added, ids[0]);
    }

    [Fact]
    public async Task The_killmail_bucket_runs_out_with_429_and_retry_after()
    {
        // 1,800 successful reads at 2 tokens each spend the whole 3,600-token bucket.
        for (var i = 0; i < 1_800; i++)
            Assert.Equal(HttpStatusCode.OK, (await _esi.SendAsync(HttpMethod.Get, $"/wars/{DemoEsiWars.FirstWarId + i}")).StatusCode);

        var refused = await _esi.SendAsync(HttpMethod.Get, "/wars");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(int.Parse(SimulatorHost.Header(refused, "Retry-After"), CultureInfo.InvariantCulture), 1, 900);
        Assert.Equal("0", SimulatorHost.Header(refused, "X-Ratelimit-Remaining"));
    }
}
