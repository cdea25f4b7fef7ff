using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.LiveEvents;
using StandingsManager.Core.Standings;
using StandingsManager.Core.Sync;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.LiveEvents;

/// <summary>
/// Two instances' bridges on one PostgreSQL database, whatever the run's provider: LISTEN/NOTIFY exists only there, and
/// only an installation on PostgreSQL runs several instances.
/// </summary>
public sealed class PostgreSqlEventBridgeTests : IAsyncLifetime
{
    // A safety net against a hang on a busy machine, never a wait the test relies on.
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(30);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly List<Instance> _instances = [];
    private string _database = "";

    public async ValueTask InitializeAsync() => _database = await TestDatabases.NewPostgreSqlAsync(migrated: false);

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
            await instance.DisposeAsync();
        await TestDatabases.DropPostgreSqlAsync(_database);
    }

    [Fact]
    public async Task An_event_published_on_one_instance_arrives_once_on_the_other_and_never_comes_back()
    {
        var a = await StartAsync();
        var b = await StartAsync();
        using var onA = new Heard(a);
        using var onB = new Heard(b);
        var versionOnB = b.Roles.Version;
        var at = new DateTimeOffset(2026, 12, 6, 7, 0, 0, TimeSpan.Zero);
        var sync = new SyncEvent(SyncEventKind.Finished, 424_242, 7, SyncStatus.Warning, "Contact label not found", Added: 3, Removed: 1, EsiCalls: 5, At: at);

        await a.Standings.PublishAsync(new StandingsChange(StandingsChangeKind.Requests, 12));
        await a.Sync.PublishAsync(sync);
        await a.Roles.ChangedAsync(31);
        await onB.WaitForAsync(c => c is RoleChange);
        // PostgreSQL delivers notifications in commit order: whatever came before a marker has arrived once it has.
        await b.Standings.PublishAsync(new StandingsChange(StandingsChangeKind.Lists, 99));
        await onA.WaitForAsync(c => c is StandingsChange { ListId: 99 });
        await a.Standings.PublishAsync(new StandingsChange(StandingsChangeKind.Lists, 100));
        await onB.WaitForAsync(c => c is StandingsChange { ListId: 100 });

        Assert.Equal([new StandingsChange(StandingsChangeKind.Requests, 12), sync, new RoleChange(31), new StandingsChange(StandingsChangeKind.Lists, 99),
            new StandingsChange(StandingsChangeKind.Lists, 100)], onB.All);
        Assert.Equal([new StandingsChange(StandingsChangeKind.Requests, 12), sync, new RoleChange(31), new StandingsChange(StandingsChangeKind.Lists, 99),
            new StandingsChange(StandingsChangeKind.Lists, 100)], onA.All);
        // The role caches of B are keyed on the version: a withdrawal on A must move it on B too.
        Assert.Equal(versionOnB + 1, b.Roles.Version);
    }

    [Fact]
    public async Task Work_the_publishing_instance_does_itself_is_not_repeated_by_the_others()
    {
        var a = await StartAsync();
        var b = await StartAsync();
        using var everything = new Heard(b);
        var localOnB = new List<StandingsChange>();
        using var _ = b.Standings.SubscribeLocalOnly(c =>
        {
            lock (localOnB)
                localOnB.Add(c);
            return Task.CompletedTask;
        });

        await a.Standings.PublishAsync(new StandingsChange(StandingsChangeKind.Entries, 5));
        await everything.WaitForAsync(c => c is StandingsChange { ListId: 5 });
        await b.Standings.PublishAsync(new StandingsChange(StandingsChangeKind.Entries, 6));

        Assert.Equal([new StandingsChange(StandingsChangeKind.Entries, 6)], localOnB);
    }

    [Fact]
    public async Task After_the_listening_connection_is_killed_it_listens_again_and_later_events_arrive()
    {
        var logs = new CapturingLoggerProvider();
        var a = await StartAsync();
        var b = await StartAsync(logs);
        using var onB = new Heard(b);

        Assert.Equal(1, await TerminateAsync(b.Bridge.ListenerName));
        await b.Bridge.ListenedAsync(2, Ct).WaitAsync(SafetyNet, Ct);
        await a.Sync.PublishAsync(new SyncEvent(SyncEventKind.Started, 515_151, 8, SyncStatus.Pending));
        await onB.WaitForAsync(c => c is SyncEvent { CharacterId: 515_151 });

        Assert.Contains(logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("hears other instances' live events failed", StringComparison.Ordinal));
        // What was sent while it was away is lost: the open queues and lists reload once instead.
        Assert.Equal(Enum.GetValues<StandingsChangeKind>().Select(k => new StandingsChange(k)), onB.All.OfType<StandingsChange>());
    }

    [Fact]
    public async Task A_notification_that_is_not_ours_is_logged_and_the_feed_goes_on()
    {
        var logs = new CapturingLoggerProvider();
        var a = await StartAsync();
        var b = await StartAsync(logs);
        using var onB = new Heard(b);

        await using (var connection = new NpgsqlConnection(_database))
        {
            await connection.OpenAsync(Ct);
            await using var notify = new NpgsqlCommand($"NOTIFY {PostgreSqlEventBridge.Channel}, 'not json'", connection);
            await notify.ExecuteNonQueryAsync(Ct);
        }
        await a.Standings.PublishAsync(new StandingsChange(StandingsChangeKind.Revocations, 3));
        await onB.WaitForAsync(c => c is StandingsChange { ListId: 3 });

        Assert.Equal([new StandingsChange(StandingsChangeKind.Revocations, 3)], onB.All);
        Assert.Contains(logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("not one of ours", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_server_that_stays_away_is_tried_again_at_once_then_after_longer_and_longer_waits()
    {
        var time = new WatchedFakeTimeProvider(DateTimeOffset.UtcNow);
        var nowhere = new NpgsqlConnectionStringBuilder(_database) { Host = "127.0.0.1", Port = FreePort.Next() }.ConnectionString;
        var instance = new Instance(nowhere, time, NullLoggerFactory.Instance);
        _instances.Add(instance);
        await instance.Bridge.StartAsync(Ct);

        var waits = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            await WaitUntilAsync(() => time.NextDue is not null, "the listener to wait before trying again");
            waits.Add(time.NextDue!.Value - time.GetUtcNow());
            time.Advance(waits[^1]);
        }

        // The first failure was tried again at once, with no wait at all.
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)], waits);
        Assert.Equal(0, instance.Bridge.Listens);
    }

    private async Task<Instance> StartAsync(ILoggerProvider? logs = null)
    {
        var loggers = logs is null ? NullLoggerFactory.Instance : LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        var instance = new Instance(_database, TimeProvider.System, loggers);
        _instances.Add(instance);
        await instance.Bridge.StartAsync(Ct);
        await instance.Bridge.ListenedAsync(1, Ct).WaitAsync(SafetyNet, Ct);
        return instance;
    }

    private async Task<int> TerminateAsync(string applicationName)
    {
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync(Ct);
        // In the select list, not the filter: PostgreSQL may evaluate a filter's terms in any order.
        await using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = @name", connection);
        kill.Parameters.AddWithValue("name", applicationName);
        await using var killed = await kill.ExecuteReaderAsync(Ct);
        var count = 0;
        while (await killed.ReadAsync(Ct))
            count += killed.GetBoolean(0) ? 1 : 0;
        return count;
    }

    /// <summary>A real-time safety net only: the listener has nothing to wait for but the fake clock.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var safety = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (safety.Elapsed > SafetyNet)
                Assert.Fail($"Safety net: waited {SafetyNet} of real time for {what}.");
            await Task.Delay(10, Ct);
        }
    }

    /// <summary>One instance's notifiers and its bridge.</summary>
    private sealed class Instance : IAsyncDisposable
    {
        public Instance(string connectionString, TimeProvider time, ILoggerFactory loggers)
        {
            Sync = new SyncEvents(loggers.CreateLogger<SyncEvents>());
            Standings = new StandingsEvents(loggers.CreateLogger<StandingsEvents>());
            Roles = new RoleChanges(loggers.CreateLogger<RoleChanges>());
            Bridge = new PostgreSqlEventBridge(connectionString, Sync, Standings, Roles, time, loggers.CreateLogger<PostgreSqlEventBridge>());
        }

        public SyncEvents Sync { get; }
        public StandingsEvents Standings { get; }
        public RoleChanges Roles { get; }
        public PostgreSqlEventBridge Bridge { get; }

        public async ValueTask DisposeAsync()
        {
            await Bridge.StopAsync(CancellationToken.None);
            Bridge.Dispose();
        }
    }

    /// <summary>Everything an instance's subscribers hear, in order.</summary>
    private sealed class Heard : IDisposable
    {
        private readonly List<object> _changes = [];
        private readonly IDisposable[] _subscriptions;
        private TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Heard(Instance instance) =>
            _subscriptions = [instance.Sync.Subscribe(Add), instance.Standings.Subscribe(Add), instance.Roles.Subscribe(Add)];

        public object[] All
        {
            get
            {
                lock (_changes)
                    return [.. _changes];
            }
        }

        public async Task WaitForAsync(Func<object, bool> match)
        {
            while (true)
            {
                Task added;
                lock (_changes)
                {
                    if (_changes.Any(match))
                        return;
                    added = _added.Task;
                }
                await added.WaitAsync(SafetyNet, Ct);
            }
        }

        private Task Add<T>(T change) where T : notnull
        {
            lock (_changes)
            {
                _changes.Add(change);
                _added.TrySetResult();
                _added = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            return Task.CompletedTask;
        }

        public void Dispose()
        {
            foreach (var subscription in _subscriptions)
                subscription.Dispose();
        }
    }
}
