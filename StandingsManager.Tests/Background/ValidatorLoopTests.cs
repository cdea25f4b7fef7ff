using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StandingsManager.App.Background;
using StandingsManager.Core;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Persistence;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Background;

/// <summary>The periodic validation outlives any failure of one run: only shutdown ends it.</summary>
public sealed class ValidatorLoopTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_database_that_throws_is_logged_and_the_next_tick_runs_again()
    {
        var time = new WatchedFakeTimeProvider(new DateTimeOffset(2026, 9, 1, 12, 0, 0, TimeSpan.Zero));
        var database = new FailingDatabase();
        await using var provider = ValidatorServices(time, database);
        var options = Options.Create(new StandingsOptions { LabelName = "X", AutoValidateIntervalMinutes = 60 });
        using var refresher = new ValidatorLoop(provider.GetRequiredService<IServiceScopeFactory>(), options, Leases(database, time), time, new StandingsManager.Core.Operations.ServiceHeartbeats(time), NullLogger<ValidatorLoop>.Instance);

        await refresher.StartAsync(Ct);
        for (var tick = 1; tick <= 3; tick++)
        {
            // The loop waits on its timer again (or has stopped, which the asserts below catch).
            await WaitUntilAsync(() => time.NextDue is not null || refresher.ExecuteTask!.IsCompleted, "the loop to wait for its next tick");
            time.Advance(TimeSpan.FromMinutes(60));
            await WaitUntilAsync(() => database.Attempts >= tick || refresher.ExecuteTask!.IsCompleted, $"refresh {tick}");
        }

        Assert.Equal(3, database.Attempts);
        Assert.False(refresher.ExecuteTask!.IsCompleted, "the refresher stopped after a database exception");
        await refresher.StopAsync(Ct);
        Assert.False(refresher.ExecuteTask!.IsFaulted); // shutdown ends it, as a cancellation, not an error
    }

    [Fact]
    public async Task The_first_round_runs_shortly_after_start_not_a_whole_interval_later()
    {
        var time = new WatchedFakeTimeProvider(new DateTimeOffset(2026, 9, 1, 12, 0, 0, TimeSpan.Zero));
        var database = new FailingDatabase();
        await using var provider = ValidatorServices(time, database);
        var heartbeats = new StandingsManager.Core.Operations.ServiceHeartbeats(time);
        var options = Options.Create(new StandingsOptions { LabelName = "X", AutoValidateIntervalMinutes = 360 });
        using var loop = new ValidatorLoop(provider.GetRequiredService<IServiceScopeFactory>(), options, Leases(database, time), time, heartbeats, NullLogger<ValidatorLoop>.Instance);

        await loop.StartAsync(Ct);
        await WaitUntilAsync(() => time.NextDue is not null || loop.ExecuteTask!.IsCompleted, "the loop to wait for its first round");
        Assert.True(time.NextDue <= time.GetUtcNow() + TimeSpan.FromMinutes(1), $"first round due at {time.NextDue}, more than a minute after start");
        time.Advance(ValidatorLoop.FirstRoundAfter);
        await WaitUntilAsync(() => database.Attempts >= 1 || loop.ExecuteTask!.IsCompleted, "the first round");

        Assert.Equal(1, database.Attempts);
        // Every round fails here: the loop beats, but /healthz says it has never finished one, and in time that it is dead.
        await WaitUntilAsync(() => time.NextDue is not null && heartbeats.Read().Single().LastBeat is not null, "the loop to wait for its next round");
        var beat = Assert.Single(heartbeats.Read());
        Assert.Null(beat.LastCompleted);
        Assert.True(beat.Alive);
        time.Advance(ValidatorLoop.FirstRoundDeadline + StandingsManager.Core.Operations.ServiceHeartbeats.Slack);
        Assert.False(Assert.Single(heartbeats.Read()).Alive);
        await loop.StopAsync(Ct);
    }

    [Fact]
    public async Task Two_instances_on_one_database_run_one_round_and_the_other_stands_by_alive()
    {
        // On a file (or PostgreSQL): the two loops' contexts run at once, each on its own connection.
        await using var database = await CoreTestDatabase.CreateOnFileAsync();
        var time = new WatchedFakeTimeProvider(CoreTestDatabase.Start);
        var logs = new CapturingLoggerProvider();
        var options = Options.Create(new StandingsOptions { LabelName = "X", AutoValidateIntervalMinutes = 60 });
        var scopes = database.Get<IServiceScopeFactory>();
        var heartbeats = new[] { new StandingsManager.Core.Operations.ServiceHeartbeats(time), new StandingsManager.Core.Operations.ServiceHeartbeats(time) };
        // Two app instances: each its own leases (its own name), heartbeats and loop, one database.
        var loops = heartbeats.Select(h => new ValidatorLoop(scopes, options, Leases(database, time), time, h,
            new Microsoft.Extensions.Logging.Logger<ValidatorLoop>(new Microsoft.Extensions.Logging.LoggerFactory([logs])))).ToList();
        try
        {
            foreach (var loop in loops)
                await loop.StartAsync(Ct);
            await WaitUntilAsync(() => time.Waiting == 2 || loops.Any(l => l.ExecuteTask!.IsCompleted), "both loops to wait for their first round");
            time.Advance(ValidatorLoop.FirstRoundAfter);
            await WaitUntilAsync(() => heartbeats.All(h => h.Read().Single().LastBeat is not null) || loops.Any(l => l.ExecuteTask!.IsCompleted), $"both loops' first look; logged: {string.Join(" | ", logs.Lines)}");
            await WaitUntilAsync(() => heartbeats.Any(h => h.Read().Single().LastCompleted is not null) || loops.Any(l => l.ExecuteTask!.IsCompleted), "the round");

            var beats = heartbeats.Select(h => h.Read().Single()).ToList();
            Assert.Single(logs.Lines, l => l.Contains("Validation:", StringComparison.Ordinal));
            Assert.Single(beats, b => b.LastCompleted is not null && !b.Standby);
            var standing = Assert.Single(beats, b => b.LastCompleted is null);
            Assert.True(standing.Standby);
            // Standing by past the first-round deadline is alive: the work is done, on the other instance.
            time.SetUtcNow(CoreTestDatabase.Start + ValidatorLoop.FirstRoundDeadline + StandingsManager.Core.Operations.ServiceHeartbeats.Slack + TimeSpan.FromSeconds(1));
            Assert.All(heartbeats, h => Assert.True(h.Read().Single().Alive));
            Assert.Single(logs.Lines, l => l.Contains("Validation:", StringComparison.Ordinal));
        }
        finally
        {
            foreach (var loop in loops)
            {
                await loop.StopAsync(Ct);
                loop.Dispose();
            }
        }
    }

    private static StandingsManager.Core.Operations.WorkLeases Leases(IDbContextFactory<StandingsDbContext> database, TimeProvider time) =>
        new(database, new StandingsManager.Core.Sync.SyncLeases(database, time, NullLogger<StandingsManager.Core.Sync.SyncLeases>.Instance), time,
            NullLogger<StandingsManager.Core.Operations.WorkLeases>.Instance);

    private static ServiceProvider ValidatorServices(WatchedFakeTimeProvider time, IDbContextFactory<StandingsDbContext> database)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton(database);
        services.AddEsiClient();
        services.AddTransient<EveDirectory>();
        services.AddSingleton<StandingsManager.Core.Requests.ICorporationDirectory>(new StandingsManager.Tests.TestSupport.TestCorporationDirectory());
        services.AddSingleton(Options.Create(new StandingsOptions { LabelName = "X" }));
        services.AddSingleton<StandingsManager.Core.Accounts.AccessStates>();
        services.AddSingleton<StandingsManager.Core.Accounts.ActorLoader>();
        services.AddSingleton<StandingsManager.Core.Standings.StandingsEvents>();
        services.AddSingleton<StandingsManager.Core.Sync.SyncEvents>();
        services.AddTransient<StandingsManager.Core.Validation.StandingsValidator>();
        return services.BuildServiceProvider();
    }

    /// <summary>A real-time safety net only: the loop has nothing to wait for but the fake clock.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var safety = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (safety.Elapsed > TimeSpan.FromSeconds(30))
                Assert.Fail($"Safety net: waited 30 s of real time for {what}.");
            await Task.Delay(10, Ct);
        }
    }

    /// <summary>A database that answers every open with SQLite's "database is locked".</summary>
    private sealed class FailingDatabase : IDbContextFactory<StandingsDbContext>
    {
        private int _attempts;

        public int Attempts => Volatile.Read(ref _attempts);

        public StandingsDbContext CreateDbContext()
        {
            Interlocked.Increment(ref _attempts);
            throw new SqliteException("database is locked", 5);
        }
    }
}
