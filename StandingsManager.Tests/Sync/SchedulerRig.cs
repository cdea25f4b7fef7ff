using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StandingsManager.App.Background;
using StandingsManager.Core;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Standings;
using StandingsManager.Core.Sync;
using StandingsManager.Tests.TestSupport;
using static StandingsManager.Tests.TestSupport.CoreTestDatabase;

namespace StandingsManager.Tests.Sync;

/// <summary>
/// One SQLite file that one or more schedulers share, each in its own service provider as two app processes would
/// be, with one fake clock and one fake engine that sees every run of every instance.
/// </summary>
public sealed class SchedulerRig : IAsyncDisposable, IDbContextFactory<StandingsDbContext>
{
    public const int AccountId = 1;
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(30);

    private readonly string _file;
    private string _connectionString;
    private DatabaseProvider _provider = DatabaseProvider.Sqlite;
    private readonly int _maxParallel;
    private readonly List<SchedulerInstance> _instances = [];

    private SchedulerRig(int maxParallel)
    {
        _maxParallel = maxParallel;
        _file = Path.Combine(Path.GetTempPath(), "standings-tests", $"scheduler-{Guid.NewGuid():N}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
        // No pooling: nothing keeps the file open once the test is done with it.
        _connectionString = new SqliteConnectionStringBuilder { DataSource = _file, Pooling = false }.ToString();
    }

    public WatchedFakeTimeProvider Time { get; } = new(Start);
    /// <summary>While set, the schedulers' database connections fail as a locked or missing database would.</summary>
    public bool DatabaseDown { get; set; }
    public FakeCharacterSync Engine { get; } = new();

    public static async Task<SchedulerRig> CreateAsync(int maxParallel = 4)
    {
        var rig = new SchedulerRig(maxParallel);
        if (TestDatabases.OnPostgreSql)
        {
            // The schedulers share one PostgreSQL database as app instances would.
            rig._connectionString = await TestDatabases.NewPostgreSqlAsync();
            rig._provider = DatabaseProvider.PostgreSQL;
        }
        await using var db = rig.CreateDbContext();
        await db.Database.MigrateAsync(Ct);
        db.Accounts.Add(new Account { Id = AccountId, CreatedAt = Start });
        await db.SaveChangesAsync(Ct);
        return rig;
    }

    public StandingsDbContext CreateDbContext() => new(TestDatabases.Options(_provider, _connectionString).Options);

    /// <summary>
    /// A scheduler with its own services (and so its own lease owner name) over the shared file: Core as the app
    /// registers it, with the test's database, clock, options and engine in place of the host's.
    /// </summary>
    public SchedulerInstance AddInstance()
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddStandingsCore();
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new StandingsOptions
        {
            LabelName = "X",
            SyncIntervalMinutes = (int)Interval.TotalMinutes,
            MaxParallelSyncs = _maxParallel,
        }));
        services.AddSingleton<IDbContextFactory<StandingsDbContext>>(new OutageFactory(this));
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton<ICharacterSync>(Engine);
        services.AddSingleton<Microsoft.Extensions.Hosting.IHostApplicationLifetime, StartedApplication>();
        services.AddSingleton<SyncScheduler>();
        var instance = new SchedulerInstance(services.BuildServiceProvider());
        _instances.Add(instance);
        return instance;
    }

    /// <summary>Adds characters to sync; by default enabled and due a minute ago.</summary>
    public async Task SeedAsync(params SyncedCharacter[] characters)
    {
        await using var db = CreateDbContext();
        foreach (var c in characters)
        {
            db.Characters.Add(new EveCharacter { Id = c.CharacterId, Name = $"Pilot {c.CharacterId}", OwnerHash = OwnerHashOf(c.CharacterId), AccountId = AccountId, AddedAt = Start });
            c.AccountId = AccountId;
            db.SyncedCharacters.Add(c);
        }
        await db.SaveChangesAsync(Ct);
    }

    public static SyncedCharacter Due(long characterId, TimeSpan? dueIn = null, bool enabled = true) => new()
    {
        CharacterId = characterId,
        Enabled = enabled,
        CreatedAt = Start - TimeSpan.FromDays(1),
        NextSyncAt = Start + (dueIn ?? TimeSpan.FromMinutes(-1)),
    };

    public async Task<SyncedCharacter> RowAsync(long characterId)
    {
        await using var db = CreateDbContext();
        return await db.SyncedCharacters.AsNoTracking().SingleAsync(s => s.CharacterId == characterId, Ct);
    }

    public async Task<List<SyncedCharacter>> RowsAsync()
    {
        await using var db = CreateDbContext();
        return await db.SyncedCharacters.AsNoTracking().OrderBy(s => s.CharacterId).ToListAsync(Ct);
    }

    /// <summary>Writes another instance's heartbeat, as its scheduler would, at the current fake time.</summary>
    public async Task BeatAsync(string owner)
    {
        await using var db = CreateDbContext();
        var now = Time.GetUtcNow();
        if (await db.SyncInstances.Where(i => i.Owner == owner).ExecuteUpdateAsync(u => u.SetProperty(i => i.BeatAt, now), Ct) == 0)
        {
            db.SyncInstances.Add(new SyncInstance { Owner = owner, BeatAt = now });
            await db.SaveChangesAsync(Ct);
        }
    }

    public async Task<SyncOutcomeDay?> OutcomeDayAsync(SyncStatus outcome)
    {
        await using var db = CreateDbContext();
        return await db.SyncOutcomeDays.AsNoTracking().SingleOrDefaultAsync(d => d.Outcome == outcome, Ct);
    }

    public async Task<List<SyncRun>> RunsAsync(long characterId)
    {
        await using var db = CreateDbContext();
        return await db.SyncRuns.AsNoTracking().Where(r => r.CharacterId == characterId).ToListAsync(Ct);
    }

    /// <summary>Waits for something the scheduler does on its own threads. The time limit is only a safety net.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null)
    {
        var limit = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            if (DateTime.UtcNow > limit)
                Assert.Fail($"Timed out waiting for: {what}");
            await Task.Delay(2, Ct);
        }
    }

    public static Task EventuallyAsync(Func<bool> condition, string what, TimeSpan? within = null) =>
        EventuallyAsync(() => Task.FromResult(condition()), what, within);

    /// <summary>
    /// Moves the clock towards the next timer (the loop's ticks, lease renewals), never past <paramref name="limit"/>,
    /// until <paramref name="condition"/> holds. Stepping only to timers that exist means no tick is skipped while the
    /// loop is busy elsewhere. A step is at most <see cref="PumpStep"/>: the loop reads the clock before it sets its next
    /// timer, and a step taken in between makes that timer late by the step, so a long step (to another loop's far timer)
    /// could push the loop's wake-up past the limit.
    /// </summary>
    public Task AdvanceUntilAsync(Func<bool> condition, DateTimeOffset limit, string what) => EventuallyAsync(() =>
    {
        if (condition())
            return true;
        var now = Time.GetUtcNow();
        if (Time.NextDue is { } due && due <= limit && due > now)
            Time.Advance(due - now < PumpStep ? due - now : PumpStep);
        return false;
    }, what);

    private static readonly TimeSpan PumpStep = TimeSpan.FromSeconds(5);

    /// <summary>Moves the clock once every loop waits for its next tick, so that tick is not missed.</summary>
    public async Task AdvanceWhenWaitingAsync(TimeSpan by)
    {
        await EventuallyAsync(() => Time.NextDue is not null, "the scheduler waits for its next tick");
        Time.Advance(by);
    }

    /// <summary>Waits until no run is in flight and every lease is back: the scheduler has finished what it claimed.</summary>
    public Task SettledAsync() => EventuallyAsync(async () =>
    {
        if (Engine.Running > 0)
            return false;
        await using var db = CreateDbContext();
        return !await db.SyncedCharacters.AnyAsync(s => s.LeaseOwner != null, Ct);
    }, "every claimed character finished and released");

    public async ValueTask DisposeAsync()
    {
        Engine.OpenGate();
        foreach (var instance in _instances)
            await instance.DisposeAsync();
        if (_provider == DatabaseProvider.PostgreSQL)
            await TestDatabases.DropPostgreSqlAsync(_connectionString);
        try
        {
            File.Delete(_file);
        }
        catch (IOException)
        {
            // A temp file left behind harms nothing.
        }
    }
}

/// <summary>The schedulers' way to the shared file, which fails on demand.</summary>
public sealed class OutageFactory(SchedulerRig rig) : IDbContextFactory<StandingsDbContext>
{
    /// <summary>Runs before each context this instance opens: lets a test slip another instance's write between two of its steps.</summary>
    public Func<Task>? BeforeEachContext { get; set; }

    public StandingsDbContext CreateDbContext() =>
        rig.DatabaseDown ? throw new SqliteException("database is locked", 5) : rig.CreateDbContext();

    public async Task<StandingsDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default)
    {
        if (BeforeEachContext is { } before)
            await before();
        return CreateDbContext();
    }
}

/// <summary>One scheduler and the services beside it, as one app process has them.</summary>
public sealed class SchedulerInstance(ServiceProvider services) : IAsyncDisposable
{
    private bool _started;

    public SyncScheduler Scheduler { get; } = services.GetRequiredService<SyncScheduler>();
    public SyncLeases Leases { get; } = services.GetRequiredService<SyncLeases>();
    public SyncSchedule Schedule { get; } = services.GetRequiredService<SyncSchedule>();
    public OutageFactory Database { get; } = (OutageFactory)services.GetRequiredService<IDbContextFactory<StandingsDbContext>>();
    public SyncDueSoon DueSoon { get; } = services.GetRequiredService<SyncDueSoon>();
    public SyncEvents SyncEvents { get; } = services.GetRequiredService<SyncEvents>();
    public StandingsEvents StandingsEvents { get; } = services.GetRequiredService<StandingsEvents>();

    /// <summary>Starts what the host starts before the scheduler (Core's hosted services: the list follower), then the scheduler.</summary>
    public async Task<SchedulerInstance> StartAsync()
    {
        _started = true;
        foreach (var hosted in services.GetServices<IHostedService>())
            await hosted.StartAsync(Ct);
        await Scheduler.StartAsync(Ct);
        return this;
    }

    public async Task StopAsync()
    {
        if (!_started)
            return;
        _started = false;
        await Scheduler.StopAsync(CancellationToken.None);
        foreach (var hosted in services.GetServices<IHostedService>().Reverse())
            await hosted.StopAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await services.DisposeAsync();
    }
}

/// <summary>
/// Stands in for our sync engine. Records every entry, how many runs overlap (overall and per character, across every
/// scheduler that shares it), and runs what a test asks: by default nothing, or waiting at a gate the test opens.
/// </summary>
public sealed class FakeCharacterSync : ICharacterSync
{
    private readonly ConcurrentDictionary<long, int> _inside = new();
    private readonly ConcurrentQueue<long> _entered = new();
    private readonly ConcurrentQueue<long> _cancelled = new();
    private TaskCompletionSource _gate = NewOpenGate();
    private int _running;
    private int _maxRunning;
    private int _overlaps;

    /// <summary>Extra work per run, after the gate (a failure, a real pause to widen races).</summary>
    public Func<long, CancellationToken, Task>? Body { get; set; }

    /// <summary>The outcome each run reports (OK unless a test says otherwise): an Error is a failed run to retry.</summary>
    public Func<long, SyncStatus> Outcome { get; set; } = _ => SyncStatus.Ok;

    public int Running => Volatile.Read(ref _running);
    public int MaxRunning => Volatile.Read(ref _maxRunning);
    /// <summary>Entries into a character that was already being synced: must stay zero.</summary>
    public int Overlaps => Volatile.Read(ref _overlaps);
    public IReadOnlyList<long> Entered => [.. _entered];
    public IReadOnlyList<long> Cancelled => [.. _cancelled];

    public int RunsOf(long characterId) => _entered.Count(id => id == characterId);

    /// <summary>From now on runs wait at the gate until <see cref="OpenGate"/>.</summary>
    public void CloseGate() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void OpenGate() => _gate.TrySetResult();

    public async Task<SyncReport> RunAsync(long characterId, SyncMode mode, CancellationToken ct)
    {
        if (_inside.AddOrUpdate(characterId, 1, (_, n) => n + 1) > 1)
            Interlocked.Increment(ref _overlaps);
        var running = Interlocked.Increment(ref _running);
        for (var max = MaxRunning; running > max; max = MaxRunning)
            Interlocked.CompareExchange(ref _maxRunning, running, max);
        _entered.Enqueue(characterId);
        try
        {
            await _gate.Task.WaitAsync(ct);
            if (Body is { } body)
                await body(characterId, ct);
            return new SyncReport(characterId, mode, Outcome(characterId), "In line", 0, 0, 0, 0, 0, 0, 0, TimeSpan.Zero, []);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            _cancelled.Enqueue(characterId);
            throw;
        }
        finally
        {
            Interlocked.Decrement(ref _running);
            _inside.AddOrUpdate(characterId, 0, (_, n) => n - 1);
        }
    }

    private static TaskCompletionSource NewOpenGate()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.SetResult();
        return gate;
    }
}

/// <summary>An application that has already started: the scheduler waits for that before its first claim.</summary>
internal sealed class StartedApplication : Microsoft.Extensions.Hosting.IHostApplicationLifetime
{
    public CancellationToken ApplicationStarted { get; } = new(canceled: true);
    public CancellationToken ApplicationStopping => CancellationToken.None;
    public CancellationToken ApplicationStopped => CancellationToken.None;
    public void StopApplication()
    {
    }
}
