using System.Net;
using StandingsManager.App.Demo;
using StandingsManager.App.Demo.Esi;
using StandingsManager.Core.Eve.Esi;

namespace StandingsManager.Tests.EsiIntegration;

/// <summary>
/// The public bulk lookups against the simulator, which (like ESI) refuses more than 1000 ids, repeated ids, and
/// answers 404 for the whole call when any id is unknown. Its universe knows only 20 ids (10 characters), so a
/// fully successful lookup of more than 1000 distinct ids is impossible here: de-duplication is proven with
/// 1500-entry lists of the known ids, and the 1000-id chunking with the simulator accepting the first chunk's
/// size and answering it 404 instead of refusing a 1500-id body with 400.
/// </summary>
public sealed class EsiBulkLookupTests : IAsyncLifetime
{
    private readonly EsiRig _rig = new();
    private static CancellationToken Ct => EsiRig.Ct;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    private static readonly long[] KnownIds = [.. DemoEsiUniverse.All.Keys.Where(id => !DemoUniverse.IsCrowd(id)).Order()];
    private static readonly long[] KnownCharacters = [.. DemoEsiUniverse.All.Values.Where(e => e.Category == DemoEsiUniverse.Character && !DemoUniverse.IsCrowd(e.Id)).Select(e => e.Id).Order()];

    private static long[] Repeat(long[] ids, int count) => [.. Enumerable.Range(0, count).Select(i => ids[i % ids.Length])];

    private static long[] DistinctWithUnknown(long[] known, int count) =>
        [.. known, .. Enumerable.Range(0, count - known.Length).Select(i => 4_000_000_000L + i)];

    [Fact]
    public async Task Names_for_1500_entries_go_out_de_duplicated_in_one_call()
    {
        var result = await _rig.Esi.GetNamesAsync(Repeat(KnownIds, 1500), Ct);

        Assert.Equal(1, result.Calls);
        Assert.Equal(KnownIds, result.Value.Select(n => n.Id).Order());
        Assert.All(result.Value, n =>
        {
            Assert.Equal(DemoEsiUniverse.Find(n.Id)!.Name, n.Name);
            Assert.Equal(DemoEsiUniverse.Find(n.Id)!.Category, n.Category);
        });
    }

    [Fact]
    public async Task Affiliations_for_1500_entries_go_out_de_duplicated_in_one_call()
    {
        var result = await _rig.Esi.GetAffiliationsAsync(Repeat(KnownCharacters, 1500), Ct);

        Assert.Equal(1, result.Calls);
        Assert.Equal(KnownCharacters, result.Value.Select(a => a.CharacterId).Order());
        Assert.All(result.Value, a =>
        {
            Assert.Equal(DemoEsiUniverse.Find(a.CharacterId)!.CorporationId, a.CorporationId);
            Assert.Equal(DemoEsiUniverse.Find(a.CharacterId)!.AllianceId, a.AllianceId);
        });
    }

    [Fact]
    public async Task Names_for_1500_distinct_ids_are_sent_in_chunks_the_simulator_accepts()
    {
        var errorsBefore = await _rig.ErrorsRemainAsync();

        var ex = await Assert.ThrowsAsync<EsiException>(() => _rig.Esi.GetNamesAsync(DistinctWithUnknown(KnownIds, 1500), Ct));

        // 400 "The body must hold 1 to 1000 items" would mean the ids went out in one body.
        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
        Assert.Equal("Ensure all IDs are valid before resolving.", ex.EsiError);
        Assert.Equal("POST /universe/names", ex.Route);
        Assert.Contains(ex.Route, ex.Message, StringComparison.Ordinal);
        Assert.False(ex.IsRetryable);
        // One failed request: the first chunk; the rest were not sent after it failed.
        Assert.Equal(errorsBefore - 1, await _rig.ErrorsRemainAsync());
    }

    [Fact]
    public async Task Affiliations_for_1500_distinct_ids_are_sent_in_chunks_the_simulator_accepts()
    {
        var errorsBefore = await _rig.ErrorsRemainAsync();

        var ex = await Assert.ThrowsAsync<EsiException>(() => _rig.Esi.GetAffiliationsAsync(DistinctWithUnknown(KnownCharacters, 1500), Ct));

        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
        Assert.Equal("No characters found", ex.EsiError);
        Assert.Equal("POST /characters/affiliation", ex.Route);
        Assert.Equal(errorsBefore - 1, await _rig.ErrorsRemainAsync());
    }

    [Fact]
    public async Task The_simulator_itself_refuses_a_body_of_more_than_1000_ids()
    {
        // The control for the two tests above: without the client's chunking, 1001 ids are a 400, not a 404.
        var response = await _rig.Host.SendAsync(HttpMethod.Post, "/universe/names", json: DistinctWithUnknown(KnownIds, 1001));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("The body must hold 1 to 1000 items", (await Simulator.SimulatorHost.JsonAsync(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Resolving_names_finds_the_known_ones_in_each_category()
    {
        var result = await _rig.Esi.ResolveIdsAsync(["Mia Member", "Blue Friends Corp", "Demo Alliance", "Caldari State", "Nobody Atall", "Mia Member"], Ct);

        Assert.Equal(1, result.Calls);
        Assert.Equal([90_000_004L], result.Value.Characters.Select(c => c.Id));
        Assert.Equal([98_000_002L], result.Value.Corporations.Select(c => c.Id));
        Assert.Equal([99_000_001L], result.Value.Alliances.Select(c => c.Id));
        Assert.Equal([500_001L], result.Value.Factions.Select(c => c.Id));
    }

    [Fact]
    public async Task Names_and_affiliations_of_2500_pilots_come_back_in_calls_of_at_most_1000()
    {
        long[] crowd = [.. DemoUniverse.Crowd.Take(2_500).Select(p => p.Id)];

        var names = await _rig.Esi.GetNamesAsync(crowd, Ct);
        var affiliations = await _rig.Esi.GetAffiliationsAsync(crowd, Ct);

        Assert.Equal(3, names.Calls);
        Assert.Equal(3, affiliations.Calls);
        Assert.Equal(crowd, names.Value.Select(n => n.Id).Order());
        Assert.Equal("Crowd Pilot 2500", names.Value.Single(n => n.Id == crowd[^1]).Name);
        Assert.All(affiliations.Value, a => Assert.Equal(DemoUniverse.CrowdCorporationId, a.CorporationId));
    }
}
