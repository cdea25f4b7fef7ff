using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using StandingsManager.Core;
using StandingsManager.Core.Operations;
using StandingsManager.Core.Sync;

namespace StandingsManager.App.Background;

/// <summary>
/// Runs due characters' syncs through <c>Standings:MaxParallelSyncs</c> workers. The loop only claims and hands out;
/// <see cref="SyncSchedule"/> decides what is due and what a run leaves behind (the next interval, or the retry backoff
/// after a failure), <see cref="SyncLeases"/> keeps two instances off one character (heartbeat and renewals), and the
/// engine (<see cref="ICharacterSync"/>) does the sync.
/// </summary>
public sealed class SyncScheduler(
    IServiceScopeFactory scopes,
    SyncSchedule schedule,
    SyncLeases leases,
    SyncTrigger trigger,
    SyncEvents events,
    IOptions<StandingsOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ServiceHeartbeats heartbeats,
    ILogger<SyncScheduler> logger) : BackgroundService
{
    /// <summary>
    /// The longest the loop sleeps: it wakes at the next due time or on a trigger, and at least this often to write this
    /// instance's heartbeat (its leases are its own only while it beats) and to notice rows another process changed.
    /// </summary>
    public static readonly TimeSpan MaxIdle = SyncLeases.BeatEvery;

    /// <summary>The shortest sleep, and the retry pause after a database error: never a busy loop.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    // Claimed by this instance and not yet finished (queued, running or being recorded): never claimed twice here.
    private readonly ConcurrentDictionary<long, SyncClaim> _held = new();
    // Runs that ended, waiting for the finisher to schedule their next sync and release their leases in one go.
    private readonly Channel<SyncClaim> _ended = Channel.CreateUnbounded<SyncClaim>();
    private int _active; // queued or running: what the pool is busy with
    private volatile bool _moreDue;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        heartbeats.Register(nameof(SyncScheduler), MaxIdle);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Not before the app serves requests: in demo mode the EVE SSO a sync refreshes its token at is this very app.
        if (!await StartedAsync(stoppingToken))
            return;
        var parallel = options.Value.MaxParallelSyncs;
        var ready = Channel.CreateUnbounded<SyncClaim>();
        var workers = Enumerable.Range(0, parallel).Select(_ => WorkAsync(ready.Reader, parallel, stoppingToken)).ToArray();
        var finisher = FinishAsync();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                heartbeats.Beat(nameof(SyncScheduler));
                await BeatAsync(stoppingToken);
                // Keep one batch claimed ahead of the workers, so a worker that frees up starts its next sync at once.
                // Otherwise it sleeps until the next due time, a trigger, or a worker freeing up: it never polls in a tight loop.
                var active = Volatile.Read(ref _active);
                if (active > parallel)
                {
                    // Busy (every worker held up by an ESI pause, say): the next worker to free up wakes the loop.
                    _moreDue = true;
                }
                else
                {
                    var wanted = 2 * parallel - active;
                    var claims = await ClaimAsync(wanted, stoppingToken);
                    // Set before the workers see the claims: the first of them to free up may need to wake the loop.
                    _moreDue = claims.Count == wanted;
                    foreach (var claim in claims)
                    {
                        _held[claim.CharacterId] = claim;
                        Interlocked.Increment(ref _active);
                        ready.Writer.TryWrite(claim);
                    }
                }
                await trigger.WaitAsync(_moreDue ? MaxIdle : await UntilNextDueAsync(stoppingToken), time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown.
        }
        finally
        {
            ready.Writer.TryComplete();
            await Task.WhenAll(workers);
            // Runs that did end are still recorded; then every lease this instance holds goes back.
            _ended.Writer.TryComplete();
            await finisher;
            await ReleaseAllAsync();
        }
    }

    private Task<bool> StartedAsync(CancellationToken stoppingToken) => lifetime.StartedAsync(stoppingToken);

    /// <summary>This instance's heartbeat in the database: while it beats, the leases it holds stay its own.</summary>
    private async Task BeatAsync(CancellationToken ct)
    {
        try
        {
            await leases.BeatAsync(ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not write the sync heartbeat");
        }
    }

    private async Task<IReadOnlyList<SyncClaim>> ClaimAsync(int wanted, CancellationToken ct)
    {
        try
        {
            return await schedule.ClaimDueAsync(wanted, [.. _held.Keys], ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // A locked or unreachable database: try again after a short pause rather than stop syncing for good.
            logger.LogError(ex, "Could not claim due characters for sync");
            return [];
        }
    }

    private async Task<TimeSpan> UntilNextDueAsync(CancellationToken ct)
    {
        try
        {
            var wait = await schedule.NextDueAsync(ct) is { } next ? next - time.GetUtcNow() : MaxIdle;
            return wait < Tick ? Tick : wait > MaxIdle ? MaxIdle : wait;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogError(ex, "Could not read when the next sync is due");
            return Tick;
        }
    }

    private async Task WorkAsync(ChannelReader<SyncClaim> ready, int parallel, CancellationToken ct)
    {
        try
        {
            await foreach (var claim in ready.ReadAllAsync(ct))
            {
                // ReadAllAsync still hands out queued claims after cancellation; shutdown starts nothing new.
                ct.ThrowIfCancellationRequested();
                SyncClaim? ended = null;
                try
                {
                    ended = await RunAsync(claim, ct);
                }
                finally
                {
                    // The finisher lets go of an ended run; anything else (shutdown, a lost lease) is let go here.
                    if (ended is not null)
                        _ended.Writer.TryWrite(ended);
                    else
                        _held.TryRemove(claim.CharacterId, out _);
                    // More were due than the last claim took: claim the next batch now, not after a sleep.
                    if (Interlocked.Decrement(ref _active) <= parallel && _moreDue)
                        trigger.Wake();
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutdown: claims still queued are released with the rest.
        }
    }

    /// <summary>
    /// Records ended runs in batches, off the workers' path: a worker starts its next sync while the last one's
    /// next time and lease release are written. Runs until the workers are done, even during shutdown.
    /// </summary>
    private async Task FinishAsync()
    {
        var batch = new List<SyncClaim>();
        while (await _ended.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < 100 && _ended.Reader.TryRead(out var claim))
                batch.Add(claim);
            var dueAgain = false;
            try
            {
                dueAgain = (await schedule.FinishAsync(batch, CancellationToken.None)).Count > 0;
            }
            catch (Exception ex)
            {
                // Those characters stay due under this instance's lease, so the next claim simply syncs them again.
                logger.LogError(ex, "Could not record the end of {Count} syncs", batch.Count);
            }
            foreach (var claim in batch)
                _held.TryRemove(claim.CharacterId, out _);
            batch.Clear();
            // Made due again while it ran: wake the loop (after letting go, so it may claim them) rather than let it sleep.
            if (dueAgain)
                trigger.Wake();
        }
    }

    /// <summary>One run of one claimed character: the claim to finish (marked failed when it was), or null when it did not end.</summary>
    private async Task<SyncClaim?> RunAsync(SyncClaim claim, CancellationToken stoppingToken)
    {
        var id = claim.CharacterId;
        var startedAt = time.GetUtcNow();
        // A claim that waited long in the queue (every worker held up by ESI) may have lost its lease by now.
        if (startedAt - claim.ClaimedAt >= SyncLeases.RenewEvery && !await leases.RenewAsync(id, stoppingToken))
            return null;

        using var run = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var stopRenewing = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewing = leases.RenewWhileRunningAsync(id, run, stopRenewing.Token);
        try
        {
            await using var scope = scopes.CreateAsyncScope(); // a fresh engine and typed ESI client per run
            var report = await scope.ServiceProvider.GetRequiredService<ICharacterSync>().RunAsync(id, SyncMode.Sync, run.Token);
            return claim with { Failed = report.Outcome == SyncStatus.Error };
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown: the character stays due and its lease is released on the way out.
            return null;
        }
        catch (OperationCanceledException) when (run.IsCancellationRequested)
        {
            // The lease was lost to another instance, which now owns the character and its schedule.
            logger.LogWarning("Stopped the sync of character {CharacterId}: its lease was taken over", id);
            return null;
        }
        catch (Exception ex)
        {
            await RecordFailureAsync(claim, startedAt, ex, stoppingToken);
            return claim with { Failed = true };
        }
        finally
        {
            await stopRenewing.CancelAsync();
            await renewing;
        }
    }

    private async Task RecordFailureAsync(SyncClaim claim, DateTimeOffset startedAt, Exception failure, CancellationToken ct)
    {
        logger.LogError(failure, "The sync of character {CharacterId} failed", claim.CharacterId);
        try
        {
            if (await schedule.RecordFailureAsync(claim, startedAt, failure, ct) is { } finished)
                await events.PublishAsync(finished);
        }
        catch (Exception ex)
        {
            if (!ct.IsCancellationRequested)
                logger.LogError(ex, "Could not record the failed sync of character {CharacterId}", claim.CharacterId);
        }
    }

    private async Task ReleaseAllAsync()
    {
        // Not the stopping token (it is cancelled by now), but a short one of its own, so shutdown never hangs here.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await leases.ReleaseAllAsync(timeout.Token);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not release the sync leases on shutdown; they expire by themselves");
        }
    }
}
