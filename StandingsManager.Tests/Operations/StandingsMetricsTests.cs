using StandingsManager.Tests.Standings;
using StandingsManager.Core.Standings;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Lists;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Operations;
using StandingsManager.Core.Sync;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Operations;

public sealed class StandingsMetricsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sync_runs_are_counted_by_outcome_and_timed_from_start_to_finish()
    {
        await using var rig = await Rig.CreateAsync();
        await rig.Events.PublishAsync(new SyncEvent(SyncEventKind.Started, 11, 1, SyncStatus.Pending));
        await rig.Events.PublishAsync(new SyncEvent(SyncEventKind.Started, 12, 1, SyncStatus.Pending));
        rig.Database.Time.Advance(TimeSpan.FromSeconds(3));
        await rig.Events.PublishAsync(new SyncEvent(SyncEventKind.Finished, 11, 1, SyncStatus.Ok));
        rig.Database.Time.Advance(TimeSpan.FromSeconds(2));
        await rig.Events.PublishAsync(new SyncEvent(SyncEventKind.Finished, 12, 1, SyncStatus.Error));

        Assert.Equal([("Ok", 1.0), ("Error", 1.0)], rig.Measured("standings.sync.runs").Select(m => (m.Tag("outcome"), m.Value)));
        Assert.Equal([("Ok", 3.0), ("Error", 5.0)], rig.Measured("standings.sync.duration").Select(m => (m.Tag("outcome"), m.Value)));
    }

    [Fact]
    public async Task Queues_sync_states_and_esi_calls_are_read_when_scraped()
    {
        await using var rig = await Rig.CreateAsync();
        var cast = await rig.Database.SeedCastAsync();
        await rig.Database.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceMain, Ct);
        await rig.Database.Requests.RequestForCharacterAsync(cast.Bob, Cast.BobMain, Ct);
        using (var response = new HttpResponseMessage(HttpStatusCode.NotModified))
        {
            response.Headers.Add("X-ESI-Error-Limit-Remain", "97");
            rig.Gate.Observe(new EsiBucketKey("char-contact", 1001), response);
        }

        rig.Listener.RecordObservableInstruments();
        Assert.Contains(("requests", 2.0), rig.Measured("standings.queue.size").Select(m => (m.Tag("queue"), m.Value)));
        Assert.Contains(("revocations", 0.0), rig.Measured("standings.queue.size").Select(m => (m.Tag("queue"), m.Value)));
        Assert.Equal(Enum.GetNames<SyncStatus>().Order(), rig.Measured("standings.sync.characters").Select(m => m.Tag("status")).Order());
        var call = Assert.Single(rig.Measured("standings.esi.calls"));
        Assert.Equal(("char-contact", "304", 1.0), (call.Tag("group"), call.Tag("status"), call.Value));
        Assert.Equal(97.0, Assert.Single(rig.Measured("standings.esi.error_limit_remain")).Value);

        // Within the read interval a scrape reuses what the database said; after it, it asks again.
        await rig.Database.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceAlt, Ct);
        rig.Clear();
        rig.Listener.RecordObservableInstruments();
        Assert.Contains(("requests", 2.0), rig.Measured("standings.queue.size").Select(m => (m.Tag("queue"), m.Value)));
        rig.Database.Time.Advance(StandingsMetrics.DatabaseReadEvery);
        rig.Clear();
        rig.Listener.RecordObservableInstruments();
        Assert.Contains(("requests", 3.0), rig.Measured("standings.queue.size").Select(m => (m.Tag("queue"), m.Value)));
    }

    [Fact]
    public async Task Entries_queues_and_sources_are_labelled_by_list()
    {
        await using var rig = await Rig.CreateAsync();
        var cast = await rig.Database.SeedCastAsync();
        var wars = await PerListStandingsTests.AddListAsync(rig.Database, "War Targets", ListSource.WarTargets, problem: "The wars could not be read.");
        await rig.Database.Admin.AddAsync(StandingsList.FirstListId, cast.Erin, 99_000_001, EntityType.Alliance, "Blue Alliance", 5, null, Ct);
        await using (var db = rig.Database.CreateDbContext())
        {
            db.Standings.Add(new StandingsEntry { ListId = wars, EntityId = 99_000_001, EntityType = EntityType.Alliance, EntityName = "Blue Alliance", Standing = -10, AddedByName = "System", AddedAt = CoreTestDatabase.Start });
            db.Standings.Add(new StandingsEntry { ListId = wars, EntityId = 99_000_002, EntityType = EntityType.Alliance, EntityName = "Red Alliance", Standing = -10, AddedByName = "System", AddedAt = CoreTestDatabase.Start });
            await db.SaveChangesAsync(Ct);
        }

        rig.Listener.RecordObservableInstruments();

        Assert.Equal([("X", "1", "Requests", 1.0), ("War Targets", wars.ToString(System.Globalization.CultureInfo.InvariantCulture), "WarTargets", 2.0)],
            rig.Measured("standings.list.entries").Select(m => (m.Tag("list"), m.Tag("list_id"), m.Tag("source"), m.Value)));
        Assert.Equal(4, rig.Measured("standings.list.queue.size").Count);
        Assert.Contains(("X", "requests", 0.0), rig.Measured("standings.list.queue.size").Select(m => (m.Tag("list"), m.Tag("queue"), m.Value)));
        // Only lists written by a source have one to follow; this one stopped.
        Assert.Equal(("War Targets", 0.0), rig.Measured("standings.list.source_ok").Select(m => (m.Tag("list"), m.Value)).Single());
    }

    private sealed record Measurement(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)
    {
        public string? Tag(string name) => Convert.ToString(Tags.FirstOrDefault(t => t.Key == name).Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed class Rig : IAsyncDisposable
    {
        private readonly ServiceProvider _services;
        private readonly List<Measurement> _measured = [];

        private Rig(CoreTestDatabase database, ServiceProvider services)
        {
            Database = database;
            _services = services;
            Events = new SyncEvents(NullLogger<SyncEvents>.Instance);
            Gate = new EsiGate(database.Time, Options.Create(new EsiClientOptions()), NullLogger<EsiGate>.Instance);
            var meters = services.GetRequiredService<IMeterFactory>();
            Metrics = new StandingsMetrics(meters, Events, Gate, database, database.Time);
            // Only this rig's meter: other tests' apps run their own in parallel.
            Listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == StandingsMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meters))
                    listener.EnableMeasurementEvents(instrument);
            };
            Listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
            Listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Add(i, v, tags));
            Listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
            Listener.Start();
        }

        public CoreTestDatabase Database { get; }
        public SyncEvents Events { get; }
        public EsiGate Gate { get; }
        public StandingsMetrics Metrics { get; }
        public MeterListener Listener { get; } = new();

        public static async Task<Rig> CreateAsync()
        {
            var rig = new Rig(await CoreTestDatabase.CreateAsync(), new ServiceCollection().AddMetrics().BuildServiceProvider());
            await rig.Metrics.StartAsync(Ct);
            return rig;
        }

        public IReadOnlyList<Measurement> Measured(string instrument)
        {
            lock (_measured)
                return [.. _measured.Where(m => m.Instrument == instrument)];
        }

        public void Clear()
        {
            lock (_measured)
                _measured.Clear();
        }

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            lock (_measured)
                _measured.Add(new Measurement(instrument.Name, value, tags.ToArray()));
        }

        public async ValueTask DisposeAsync()
        {
            Listener.Dispose();
            await Metrics.StopAsync(Ct);
            Metrics.Dispose();
            await _services.DisposeAsync();
            await Database.DisposeAsync();
        }
    }
}
