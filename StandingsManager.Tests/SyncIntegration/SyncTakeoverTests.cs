using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StandingsManager.App.Background;
using StandingsManager.Core.Sync;
using StandingsManager.Tests.TestSupport;
using static StandingsManager.Tests.TestSupport.DemoPersonas;

namespace StandingsManager.Tests.SyncIntegration;

/// <summary>
/// A process killed mid-sync (<c>kill -9</c>) leaves its lease rows and its last heartbeat behind. A new scheduler (the
/// restart) takes its characters over once that heartbeat is a minute old, within two minutes and long before the
/// ten-minute leases run out, and the syncs converge against the simulated ESI.
/// </summary>
public sealed class SyncTakeoverTests : IAsyncDisposable
{
    // The demo's Friendly Coalition: an entry every enrolled persona should hold, and none does before its first sync.
    private const long Coalition = 99_000_002;
    private const string Crashed = "crashed-host/4242/0";
    private readonly SimulatedSyncRig _rig = new();

    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    [Fact]
    public async Task A_killed_instances_characters_are_synced_by_the_restarted_one_within_two_minutes()
    {
        // The killed process had just beaten and claimed every enrolled character: ten minutes of lease left on each.
        var killedAt = _rig.Time.GetUtcNow();
        await _rig.WithDbAsync(async db =>
        {
            await db.SyncedCharacters.ExecuteUpdateAsync(u => u
                .SetProperty(s => s.LeaseOwner, Crashed)
                .SetProperty(s => s.LeaseUntil, killedAt + SyncLeases.Duration), SimulatedSyncRig.Ct);
            db.SyncInstances.Add(new SyncInstance { Owner = Crashed, BeatAt = killedAt });
            return await db.SaveChangesAsync(SimulatedSyncRig.Ct);
        });
        Assert.Null(_rig.Contact(Administrator, Coalition));

        // The restart: a new scheduler over the same database.
        var scheduler = ActivatorUtilities.CreateInstance<SyncScheduler>(_rig.Services);
        await scheduler.StartAsync(SimulatedSyncRig.Ct);
        try
        {
            await AdvanceUntilConvergedAsync(scheduler, killedAt + TimeSpan.FromMinutes(2));
        }
        finally
        {
            await scheduler.StopAsync(CancellationToken.None);
            scheduler.Dispose();
        }

        // Not before the dead process's heartbeat went stale, and well before its leases would have run out.
        var ada = await _rig.SyncedAsync(Administrator);
        Assert.True(ada.LastSyncAt > killedAt + SyncLeases.DeadAfter, $"taken over at {ada.LastSyncAt}, before the heartbeat was a minute old");
        Assert.True(ada.LastSyncAt <= killedAt + TimeSpan.FromMinutes(2), $"taken over at {ada.LastSyncAt}");
        Assert.Equal(SyncStatus.Warning, ada.Status); // converged; the warning is the demo's personal Pirate Menace contact
        Assert.NotNull(ada.LastSuccessAt);
        Assert.Equal(10, _rig.Contact(Administrator, Coalition)!.Standing);
        await _rig.AssertLedgerMatchesAsync(Administrator);
        Assert.NotNull(_rig.Contact(Blue, Coalition));
        await _rig.AssertLedgerMatchesAsync(Blue);
        Assert.False(await _rig.WithDbAsync(db => db.SyncedCharacters.AnyAsync(s => s.LeaseOwner == Crashed, SimulatedSyncRig.Ct)),
            "a character is still leased to the killed process");
    }

    /// <summary>
    /// Moves the fake clock to the next timer, never past <paramref name="limit"/> nor more than the scheduler's longest
    /// sleep at once, until Ada and Bea are synced and let go. It moves only while the new scheduler holds no claim: the
    /// only timer then is its own sleep (the rig runs no other loop on this clock but the hub guard's 30 s one), so the
    /// clock never runs ahead of a round still claiming or syncing. The real-time limit is only a safety net.
    /// </summary>
    private async Task AdvanceUntilConvergedAsync(SyncScheduler scheduler, DateTimeOffset limit)
    {
        var safety = Stopwatch.StartNew();
        while (!await ConvergedAsync())
        {
            if (scheduler.ExecuteTask is { IsCompleted: true } ended)
                Assert.Fail($"The scheduler stopped: {ended.Status} {ended.Exception}");
            if (safety.Elapsed > TimeSpan.FromMinutes(1))
                Assert.Fail($"Not converged by {_rig.Time.GetUtcNow():HH:mm:ss} of fake time (limit {limit:HH:mm:ss}): {await LeasesAsync()}");
            await Task.Delay(20, SimulatedSyncRig.Ct);
            var now = _rig.Time.GetUtcNow();
            if (_rig.Time.NextDue is { } due && due > now && due <= limit && due - now <= SyncScheduler.MaxIdle
                && !await _rig.WithDbAsync(db => db.SyncedCharacters.AnyAsync(s => s.LeaseOwner != null && s.LeaseOwner != Crashed, SimulatedSyncRig.Ct)))
                _rig.Time.Advance(due - now);
        }
    }

    private async Task<bool> ConvergedAsync() =>
        _rig.Contact(Administrator, Coalition) is not null && _rig.Contact(Blue, Coalition) is not null
        && (await _rig.SyncedAsync(Administrator)).LeaseOwner is null && (await _rig.SyncedAsync(Blue)).LeaseOwner is null;

    private Task<string> LeasesAsync() => _rig.WithDbAsync(async db => string.Join(", ",
        (await db.SyncedCharacters.AsNoTracking().ToListAsync(SimulatedSyncRig.Ct))
            .Select(s => $"{s.CharacterId} {s.Status} lease {s.LeaseOwner ?? "none"} last sync {s.LastSyncAt:HH:mm:ss}")));
}
