using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Requests;
using StandingsManager.Core.Sync;

namespace StandingsManager.Core.Operations;

/// <summary>
/// The app's instruments, on one <see cref="Meter"/>. They cost nothing until something listens (the Prometheus
/// exporter, when <c>Metrics:Enabled</c>). Sync runs are counted from the sync events, ESI calls from the gate, and
/// queue sizes and sync states are read from the database when scraped, at most every <see cref="DatabaseReadEvery"/>.
/// </summary>
public sealed class StandingsMetrics : IHostedService, IDisposable
{
    public const string MeterName = "StandingsManager";
    public static readonly TimeSpan DatabaseReadEvery = TimeSpan.FromSeconds(15);

    private readonly SyncEvents _events;
    private readonly IDbContextFactory<StandingsDbContext> _dbFactory;
    private readonly TimeProvider _time;
    private readonly Meter _meter;
    private readonly Counter<long> _syncRuns;
    private readonly Histogram<double> _syncDuration;
    private readonly ConcurrentDictionary<long, DateTimeOffset> _started = new();
    private readonly Lock _snapshotLock = new();
    private DatabaseSnapshot? _snapshot;
    private IDisposable? _subscription;

    public StandingsMetrics(IMeterFactory meters, SyncEvents events, EsiGate gate, IDbContextFactory<StandingsDbContext> dbFactory, TimeProvider time)
    {
        _events = events;
        _dbFactory = dbFactory;
        _time = time;
        _meter = meters.Create(MeterName);
        _syncRuns = _meter.CreateCounter<long>("standings.sync.runs", "{run}", "Finished contact syncs, by outcome (the character's status after the run).");
        _syncDuration = _meter.CreateHistogram<double>("standings.sync.duration", "s", "How long one character's sync took.");
        _meter.CreateObservableCounter("standings.esi.calls",
            () => gate.ResponseCounts().Select(r => new Measurement<long>(r.Count, new("group", r.Group), new("status", r.Status))),
            "{call}", "ESI responses, by route group and HTTP status.");
        _meter.CreateObservableGauge("standings.esi.error_limit_remain",
            () => gate.State().ErrorLimitRemain is { } remain ? [new Measurement<int>(remain)] : Array.Empty<Measurement<int>>(),
            "{error}", "ESI's error budget left in the current window, as the last response said.");
        _meter.CreateObservableGauge("standings.queue.size",
            () => Snapshot().Queues.Select(q => new Measurement<int>(q.Value, new KeyValuePair<string, object?>("queue", q.Key))),
            "{item}", "Pending requests and revocations waiting for an approver.");
        _meter.CreateObservableGauge("standings.sync.characters",
            () => Snapshot().SyncStates.Select(s => new Measurement<int>(s.Value, new KeyValuePair<string, object?>("status", s.Key.ToString()))),
            "{character}", "Synced characters, by sync status.");
        _meter.CreateObservableGauge("standings.list.entries",
            () => Snapshot().Lists.Select(l => new Measurement<int>(l.Entries, [.. l.Tags])),
            "{entry}", "Entries on each list that is not deleted, labelled by list name, list id and source.");
        _meter.CreateObservableGauge("standings.list.queue.size",
            () => Snapshot().Lists.SelectMany(l => new[]
            {
                new Measurement<int>(l.Requests, [.. l.Tags, new("queue", "requests")]),
                new Measurement<int>(l.Revocations, [.. l.Tags, new("queue", "revocations")]),
            }),
            "{item}", "Pending requests and revocations of each list.");
        _meter.CreateObservableGauge("standings.list.source_ok",
            () => Snapshot().Lists.Where(l => l.SourceOk is not null).Select(l => new Measurement<int>(l.SourceOk!.Value ? 1 : 0, [.. l.Tags])),
            "{list}", "1 while an active list written by a source (in-game contacts, war targets) follows it, 0 once it stopped.");
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Each instance counts the syncs it ran; the ones it hears of from other instances are theirs to count.
        _subscription ??= _events.SubscribeLocalOnly(ObserveAsync);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _subscription, null)?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _subscription, null)?.Dispose();
        _meter.Dispose();
    }

    private Task ObserveAsync(SyncEvent change)
    {
        switch (change.Kind)
        {
            case SyncEventKind.Started:
                _started[change.CharacterId] = _time.GetUtcNow();
                break;
            case SyncEventKind.Finished:
                var outcome = new KeyValuePair<string, object?>("outcome", change.Status.ToString());
                _syncRuns.Add(1, outcome);
                if (_started.TryRemove(change.CharacterId, out var startedAt))
                    _syncDuration.Record((_time.GetUtcNow() - startedAt).TotalSeconds, outcome);
                break;
        }
        return Task.CompletedTask;
    }

    // Gauges are read synchronously by the exporter; a scrape every few seconds must not become a query every few seconds.
    private DatabaseSnapshot Snapshot()
    {
        lock (_snapshotLock)
        {
            var now = _time.GetUtcNow();
            if (_snapshot is { } fresh && now - fresh.ReadAt < DatabaseReadEvery)
                return fresh;
            using var db = _dbFactory.CreateDbContext();
            var queues = new Dictionary<string, int>
            {
                ["requests"] = db.Requests.Count(r => r.Status == RequestStatus.Pending),
                ["revocations"] = db.Revocations.Count(r => r.Status == RequestStatus.Pending),
            };
            var states = Enum.GetValues<SyncStatus>().ToDictionary(s => s, _ => 0);
            foreach (var group in db.SyncedCharacters.GroupBy(c => c.Status).Select(g => new { g.Key, Count = g.Count() }).ToList())
                states[group.Key] = group.Count;
            return (_snapshot = new DatabaseSnapshot(now, queues, states, ReadLists(db)));
        }
    }

    private static List<ListCounts> ReadLists(StandingsDbContext db)
    {
        var entries = db.Standings.GroupBy(e => e.ListId).Select(g => new { g.Key, Count = g.Count() }).ToDictionary(g => g.Key, g => g.Count);
        var requests = db.Requests.Where(r => r.Status == RequestStatus.Pending).GroupBy(r => r.ListId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionary(g => g.Key, g => g.Count);
        var revocations = db.Revocations.Where(r => r.Status == RequestStatus.Pending).GroupBy(r => r.ListId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionary(g => g.Key, g => g.Count);
        return [.. db.Lists.Where(l => l.DeletedAt == null).OrderBy(l => l.Id).ToList().Select(l => new ListCounts(
            [new("list", l.Name), new("list_id", l.Id), new("source", l.Source.ToString())],
            entries.GetValueOrDefault(l.Id), requests.GetValueOrDefault(l.Id), revocations.GetValueOrDefault(l.Id),
            l.IsActive && l.IsReadOnly ? l.SourceProblem is null : null))];
    }

    private sealed record DatabaseSnapshot(DateTimeOffset ReadAt, IReadOnlyDictionary<string, int> Queues, IReadOnlyDictionary<SyncStatus, int> SyncStates,
        IReadOnlyList<ListCounts> Lists);

    /// <param name="SourceOk">Null for lists without a source to follow, or not active.</param>
    private sealed record ListCounts(KeyValuePair<string, object?>[] Tags, int Entries, int Requests, int Revocations, bool? SourceOk);
}
