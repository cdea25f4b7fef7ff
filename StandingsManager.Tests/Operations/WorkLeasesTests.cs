using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using StandingsManager.Core;
using StandingsManager.Core.Operations;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Sync;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Operations;

/// <summary>Two instances (two owner names, one database): singleton work runs on one of them, once per period.</summary>
public sealed class WorkLeasesTests
{
    private static CancellationToken Ct => CoreTestDatabase.Ct;

    /// <summary>One app instance's leases: its own name and heartbeat, over the shared database and clock.</summary>
    private static WorkLeases Instance(IDbContextFactory<StandingsDbContext> database, TimeProvider time) =>
        new(database, new SyncLeases(database, time, NullLogger<SyncLeases>.Instance), time, NullLogger<WorkLeases>.Instance);

    [Fact]
    public async Task Of_two_instances_only_one_holds_the_work_and_the_holder_keeps_it()
    {
        await using var database = await CoreTestDatabase.CreateAsync();
        var a = Instance(database, database.Time);
        var b = Instance(database, database.Time);
        Assert.NotEqual(a.Owner, b.Owner);

        Assert.True((await a.TryClaimAsync("work", Ct)).Claimed);
        Assert.Equal(new WorkClaim(false, null), await b.TryClaimAsync("work", Ct));
        Assert.True((await a.TryClaimAsync("work", Ct)).Claimed); // its own: renewed

        await using var db = database.CreateDbContext();
        var row = await db.WorkLeases.AsNoTracking().SingleAsync(w => w.Name == "work", Ct);
        Assert.Equal(a.Owner, row.Owner);
        Assert.Equal(CoreTestDatabase.Start + WorkLeases.Duration, row.Until);
    }

    [Fact]
    public async Task A_dead_holders_lease_is_taken_over_once_its_heartbeat_is_a_minute_old()
    {
        await using var database = await CoreTestDatabase.CreateAsync();
        var a = Instance(database, database.Time);
        var b = Instance(database, database.Time);
        Assert.True((await a.TryClaimAsync("work", Ct)).Claimed);

        // A stops beating (killed); its lease still runs for two minutes, but its heartbeat dates it.
        database.Time.Advance(SyncLeases.DeadAfter);
        Assert.False((await b.TryClaimAsync("work", Ct)).Claimed);
        database.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await b.TryClaimAsync("work", Ct)).Claimed);
        Assert.False((await a.RenewAsync("work", Ct))); // A, back from a pause, learns it lost the work
    }

    [Fact]
    public async Task A_round_runs_once_per_period_across_instances_and_never_two_at_once()
    {
        await using var database = await CoreTestDatabase.CreateAsync();
        var a = Instance(database, database.Time);
        var b = Instance(database, database.Time);
        var period = TimeSpan.FromMinutes(60);
        var rounds = new List<string>();
        WorkClaim? duringA = null;

        var ranA = await a.RunAsync("validator", period, async ct =>
        {
            rounds.Add("a");
            // B's loop ticks while A's round runs: it must not start a second one.
            duringA = await b.RunAsync("validator", period, _ => { rounds.Add("b during a"); return Task.CompletedTask; }, ct);
        }, Ct);

        Assert.Equal(["a"], rounds);
        Assert.Equal(new WorkClaim(false, null), duringA);
        Assert.Equal(new WorkClaim(true, CoreTestDatabase.Start + period), ranA);
        // Just after: done for this period, for everyone; B learns when the next round is due.
        database.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(new WorkClaim(false, CoreTestDatabase.Start + period), await b.RunAsync("validator", period, _ => { rounds.Add("b early"); return Task.CompletedTask; }, Ct));

        database.Time.SetUtcNow(CoreTestDatabase.Start + period);
        Assert.True((await b.RunAsync("validator", period, _ => { rounds.Add("b"); return Task.CompletedTask; }, Ct)).Claimed);
        Assert.False((await a.RunAsync("validator", period, _ => { rounds.Add("a again"); return Task.CompletedTask; }, Ct)).Claimed);
        Assert.Equal(["a", "b"], rounds);
    }

    [Fact]
    public async Task A_failed_round_waits_its_period_and_a_round_cut_by_shutdown_is_due_at_once_elsewhere()
    {
        await using var database = await CoreTestDatabase.CreateAsync();
        var a = Instance(database, database.Time);
        var b = Instance(database, database.Time);
        var period = TimeSpan.FromMinutes(10);

        await Assert.ThrowsAsync<InvalidOperationException>(() => a.RunAsync("work", period, _ => throw new InvalidOperationException("bug"), Ct));
        Assert.Equal(new WorkClaim(false, CoreTestDatabase.Start + period), await b.TryClaimAsync("work", Ct));

        database.Time.Advance(period);
        using var stopping = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => a.RunAsync("work", period, async ct =>
        {
            await stopping.CancelAsync();
            ct.ThrowIfCancellationRequested();
        }, stopping.Token));
        Assert.True((await b.TryClaimAsync("work", Ct)).Claimed);
    }

    [Fact]
    public async Task A_round_whose_lease_is_taken_is_cancelled_at_the_next_renewal()
    {
        await using var database = await CoreTestDatabase.CreateAsync();
        var a = Instance(database, database.Time);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = false;
        var run = a.RunAsync("work", null, async ct =>
        {
            started.SetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
                throw;
            }
        }, Ct);
        await started.Task.WaitAsync(Ct);
        await using (var db = database.CreateDbContext())
            await db.WorkLeases.Where(w => w.Name == "work").ExecuteUpdateAsync(u => u.SetProperty(w => w.Owner, "another/1/x"), Ct);

        database.Time.Advance(WorkLeases.RenewEvery);

        Assert.Equal(new WorkClaim(false, null), await run.WaitAsync(Ct));
        Assert.True(cancelled);
    }

    [Fact]
    public async Task On_postgresql_a_round_still_running_under_a_lost_lease_keeps_a_second_round_out()
    {
        // The advisory lock exists on PostgreSQL only: this runs there on both passes.
        var connectionString = await TestDatabases.NewPostgreSqlAsync();
        try
        {
            var database = new PostgreSqlFactory(connectionString);
            var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(CoreTestDatabase.Start);
            var a = Instance(database, time);
            var b = Instance(database, time);
            var rounds = new List<string>();
            WorkClaim? duringA = null;

            await a.RunAsync("work", null, async ct =>
            {
                rounds.Add("a");
                // A's lease is lost (a paused process whose lease was taken) while its round still runs.
                await using (var db = database.CreateDbContext())
                    await db.WorkLeases.Where(w => w.Name == "work").ExecuteUpdateAsync(u => u.SetProperty(w => w.Owner, (string?)null).SetProperty(w => w.Until, (DateTimeOffset?)null), ct);
                duringA = await b.RunAsync("work", null, _ => { rounds.Add("b during a"); return Task.CompletedTask; }, ct);
            }, Ct);

            Assert.Equal(["a"], rounds);
            Assert.Equal(new WorkClaim(false, null), duringA);
            // B let go of the lease it could not use; with A's round over, the next round runs.
            Assert.True((await b.RunAsync("work", null, _ => { rounds.Add("b"); return Task.CompletedTask; }, Ct)).Claimed);
            Assert.Equal(["a", "b"], rounds);
        }
        finally
        {
            await TestDatabases.DropPostgreSqlAsync(connectionString);
        }
    }

    private sealed class PostgreSqlFactory(string connectionString) : IDbContextFactory<StandingsDbContext>
    {
        public StandingsDbContext CreateDbContext() => new(TestDatabases.Options(DatabaseProvider.PostgreSQL, connectionString).Options);
    }
}
