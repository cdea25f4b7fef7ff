using System.Net;
using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Notifications;
using StandingsManager.Core.Sync;

namespace StandingsManager.Tests.Sync;

/// <summary>A sync that ends in a warning or an error rings the owner's bell: once per new problem, never per run.</summary>
public sealed class SyncProblemNotificationTests
{
    private const long Pilot = 90_100_001;

    private static CancellationToken Ct => SyncRig.Ct;

    private static async Task<List<Notification>> BellAsync(SyncRig rig, int accountId)
    {
        await using var db = rig.Database.CreateDbContext();
        return await db.Notifications.AsNoTracking().Where(n => n.AccountId == accountId).OrderBy(n => n.Id).ToListAsync(Ct);
    }

    [Fact]
    public async Task A_missing_label_rings_once_and_again_only_when_it_comes_back()
    {
        await using var rig = await SyncRig.CreateAsync();
        var owner = await rig.AddSyncedAsync(Pilot, "Pia Pilot");
        await rig.AddEntriesAsync((100, 5));
        var label = rig.Esi.Labels[0];
        rig.Esi.Labels.Clear();

        var first = await rig.RunAsync(Pilot);
        Assert.Equal(SyncStatus.Warning, first.Outcome);
        var bell = Assert.Single(await BellAsync(rig, owner));
        Assert.Equal((NotificationLevel.Warning, "Contact sync of Pia Pilot needs you", first.Message), (bell.Level, bell.Title, bell.Body));

        // The same problem on the next runs, and a dry run: no second ring.
        rig.Database.Time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(SyncStatus.Warning, (await rig.RunAsync(Pilot)).Outcome);
        Assert.Equal(SyncStatus.Warning, (await rig.RunAsync(Pilot, SyncMode.DryRun)).Outcome);
        Assert.Single(await BellAsync(rig, owner));

        // Fixed in game: an OK run rings nothing; lost again, it is a new problem.
        rig.Esi.Labels.Add(label);
        rig.Database.Time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(SyncStatus.Ok, (await rig.RunAsync(Pilot)).Outcome);
        Assert.Single(await BellAsync(rig, owner));
        rig.Esi.Labels.Clear();
        rig.Database.Time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(SyncStatus.Warning, (await rig.RunAsync(Pilot)).Outcome);
        Assert.Equal(2, (await BellAsync(rig, owner)).Count);
    }

    [Fact]
    public async Task An_error_rings_as_an_error_and_a_repeat_of_it_stays_quiet()
    {
        await using var rig = await SyncRig.CreateAsync();
        var owner = await rig.AddSyncedAsync(Pilot, "Pia Pilot");
        await rig.AddEntriesAsync((100, 5));
        rig.Esi.FailCall = (1, HttpStatusCode.BadRequest);

        var first = await rig.RunAsync(Pilot);
        Assert.Equal(SyncStatus.Error, first.Outcome);
        var bell = Assert.Single(await BellAsync(rig, owner));
        Assert.Equal((NotificationLevel.Error, "Contact sync of Pia Pilot failed", first.Message), (bell.Level, bell.Title, bell.Body));

        rig.Database.Time.Advance(TimeSpan.FromMinutes(30));
        rig.Esi.FailCall = (rig.Esi.WriteCalls + 1, HttpStatusCode.BadRequest);
        var again = await rig.RunAsync(Pilot);
        Assert.Equal((SyncStatus.Error, first.Message), (again.Outcome, again.Message));
        Assert.Single(await BellAsync(rig, owner));
    }

    [Fact]
    public async Task A_run_the_engine_did_not_finish_rings_once()
    {
        await using var rig = await SyncRig.CreateAsync();
        var owner = await rig.AddSyncedAsync(Pilot, "Pia Pilot");
        var started = rig.Database.Time.GetUtcNow();
        var claim = new SyncClaim(Pilot, started, started);

        await rig.Schedule.RecordFailureAsync(claim, started, new InvalidOperationException("boom"), Ct);
        await rig.Schedule.RecordFailureAsync(claim, started, new InvalidOperationException("boom"), Ct);

        var bell = Assert.Single(await BellAsync(rig, owner));
        Assert.Equal(NotificationLevel.Error, bell.Level);
        Assert.Contains("boom", bell.Body, StringComparison.Ordinal);
    }
}
