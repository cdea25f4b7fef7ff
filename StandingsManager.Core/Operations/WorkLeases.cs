using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Persistence.Instances;
using StandingsManager.Core.Sync;

namespace StandingsManager.Core.Operations;

/// <summary>
/// Whether this instance got the work (from <see cref="WorkLeases.RunAsync"/>: ran a whole round), and when it is next worth
/// asking: the work's next due time, or null to ask again after <see cref="WorkLeases.Recheck"/> (another instance runs it).
/// </summary>
public sealed record WorkClaim(bool Claimed, DateTimeOffset? FreeAt);

/// <summary>
/// Singleton work (the validator round, the Discord relay, the sync-failure alerts, the list mirror, the war scan) runs on
/// one instance at a time across all instances on one database. Each kind of work has a <see cref="WorkLease"/> row, claimed
/// in one conditional UPDATE like a character's sync lease (<see cref="SyncLeases"/>), under the same instance name and
/// heartbeat. While <see cref="WorkLease.Owner"/> is set, <see cref="WorkLease.Until"/> is the lease's end; once released,
/// it is when the work is next due (null: at once), so a periodic round runs once per period across instances and
/// restarts. On PostgreSQL a round also holds a session advisory lock, so even a lease lost mid-round (a paused process)
/// never lets a second round start beside it.
/// </summary>
public sealed class WorkLeases(IDbContextFactory<StandingsDbContext> dbFactory, SyncLeases instance, TimeProvider time, ILogger<WorkLeases> logger)
{
    /// <summary>A held lease runs this far ahead, renewed (with the heartbeat) every <see cref="RenewEvery"/>.</summary>
    public static readonly TimeSpan Duration = TimeSpan.FromMinutes(2);

    /// <summary>Renewal and heartbeat period while a round runs: the heartbeat must stay younger than <see cref="SyncLeases.DeadAfter"/>.</summary>
    public static readonly TimeSpan RenewEvery = SyncLeases.BeatEvery;

    /// <summary>How often an instance that is not running the work asks again while another runs it.</summary>
    public static readonly TimeSpan Recheck = TimeSpan.FromSeconds(30);

    /// <summary>This instance's name, the same as on the sync leases.</summary>
    public string Owner => instance.Owner;

    /// <summary>
    /// Claims the work (or keeps it, when this instance holds it already): free when nobody holds it and it is due, when the
    /// holder's lease ran out, or when the holder stopped beating for <see cref="SyncLeases.DeadAfter"/>.
    /// </summary>
    public async Task<WorkClaim> TryClaimAsync(string name, CancellationToken ct)
    {
        // A claim proves this instance alive, whether or not its sync scheduler runs.
        await instance.BeatAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await EnsureRowAsync(db, name, ct);
        var now = time.GetUtcNow();
        var aliveSince = now - SyncLeases.DeadAfter;
        var owner = Owner;
        var until = now + Duration;
        var claimed = await db.WorkLeases
            .Where(w => w.Name == name && (w.Owner == null
                ? w.Until == null || w.Until <= now
                : w.Until == null || w.Until < now || w.Owner == owner || !db.SyncInstances.Any(i => i.Owner == w.Owner && i.BeatAt >= aliveSince)))
            .ExecuteUpdateAsync(u => u.SetProperty(w => w.Owner, owner).SetProperty(w => w.Until, until), ct);
        if (claimed == 1)
            return new WorkClaim(true, null);
        var row = await db.WorkLeases.AsNoTracking().SingleAsync(w => w.Name == name, ct);
        return new WorkClaim(false, row.Owner is null ? row.Until : null);
    }

    /// <summary>Extends a lease this instance holds, and beats. False when another instance has taken it.</summary>
    public async Task<bool> RenewAsync(string name, CancellationToken ct)
    {
        await instance.BeatAsync(ct);
        var until = time.GetUtcNow() + Duration;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.WorkLeases.Where(w => w.Name == name && w.Owner == Owner)
            .ExecuteUpdateAsync(u => u.SetProperty(w => w.Until, until), ct) == 1;
    }

    /// <summary>Lets go of the work, next due at <paramref name="nextDueAt"/> (null: at once, for any instance). A lease already lost stays the new holder's.</summary>
    public async Task ReleaseAsync(string name, DateTimeOffset? nextDueAt, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.WorkLeases.Where(w => w.Name == name && w.Owner == Owner)
            .ExecuteUpdateAsync(u => u.SetProperty(w => w.Owner, (string?)null).SetProperty(w => w.Until, nextDueAt), ct);
    }

    /// <summary>
    /// Runs one round of the work if this instance can claim it: the lease renewed while it runs (the round is cancelled
    /// when it is lost), then released, next due <paramref name="every"/> after the round began (null: at once). A round
    /// cut short by shutdown leaves the work due at once, for another instance. The round's own exceptions come through,
    /// after the release.
    /// </summary>
    public async Task<WorkClaim> RunAsync(string name, TimeSpan? every, Func<CancellationToken, Task> round, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(round);
        var claim = await TryClaimAsync(name, ct);
        if (!claim.Claimed)
            return claim;
        var startedAt = time.GetUtcNow();
        DateTimeOffset? nextDue = every is { } period ? startedAt + period : null;
        await using (var exclusive = await TryLockAsync(name, ct))
        {
            if (exclusive is null)
            {
                // A round another instance began under a lease it has since lost is still running: wait for it to end.
                if (logger.IsEnabled(LogLevel.Information))
                    logger.LogInformation("{Work}: a round of another instance is still running; waiting for it", name);
                await ReleaseQuietlyAsync(name, null);
                return new WorkClaim(false, null);
            }
            using var lost = CancellationTokenSource.CreateLinkedTokenSource(ct);
            using var stopRenewing = new CancellationTokenSource();
            var renewing = RenewWhileRunningAsync(name, lost, stopRenewing.Token);
            try
            {
                await round(lost.Token);
            }
            catch (OperationCanceledException) when (lost.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                // The lease went to another instance, which now owns the work and its schedule.
                logger.LogWarning("{Work}: stopped the round, another instance took the work over", name);
                return new WorkClaim(false, null);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                nextDue = null; // shutdown: another instance may run the round at once
                throw;
            }
            finally
            {
                await stopRenewing.CancelAsync();
                await renewing;
                await ReleaseQuietlyAsync(name, nextDue);
            }
        }
        return new WorkClaim(true, nextDue);
    }

    private async Task RenewWhileRunningAsync(string name, CancellationTokenSource lost, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(RenewEvery, time, stop);
                bool held;
                try
                {
                    held = await RenewAsync(name, stop);
                }
                catch (Exception ex) when (!stop.IsCancellationRequested)
                {
                    // A database hiccup: the lease still has most of its two minutes, and the next renewal comes well before.
                    logger.LogWarning(ex, "{Work}: could not renew the work lease", name);
                    continue;
                }
                if (!held)
                {
                    await lost.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The round ended.
        }
    }

    /// <summary>Released even during shutdown, on a short token of its own; a failure only means the lease runs out by itself.</summary>
    private async Task ReleaseQuietlyAsync(string name, DateTimeOffset? nextDue)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await ReleaseAsync(name, nextDue, timeout.Token);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "{Work}: could not release the work lease; it runs out by itself", name);
        }
    }

    /// <summary>The work's row, inserted by whichever instance asks first; the others' inserts do nothing (both engines know ON CONFLICT).</summary>
    private static async Task EnsureRowAsync(StandingsDbContext db, string name, CancellationToken ct)
    {
        if (await db.WorkLeases.AnyAsync(w => w.Name == name, ct))
            return;
        await db.Database.ExecuteSqlAsync($"INSERT INTO \"WorkLeases\" (\"Name\") VALUES ({name}) ON CONFLICT DO NOTHING", ct);
    }

    /// <summary>
    /// On PostgreSQL, the work's session advisory lock on a connection of its own (not pooled, so closing it always lets
    /// go, and a dead process lets go with its connection); null when another session holds it. SQLite: the lease alone.
    /// </summary>
    private async Task<IAsyncDisposable?> TryLockAsync(string name, CancellationToken ct)
    {
        string connectionString;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (!db.Database.IsNpgsql())
                return NoLock.Instance;
            connectionString = db.Database.GetConnectionString()!;
        }
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(ct);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@class, hashtext(@name))", connection);
            command.Parameters.AddWithValue("class", AdvisoryLocks.Work);
            command.Parameters.AddWithValue("name", name);
            if (await command.ExecuteScalarAsync(ct) is true)
                return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
