using Microsoft.Extensions.Logging.Abstractions;
using StandingsManager.Core;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Sync;
using static StandingsManager.Tests.TestSupport.CoreTestDatabase;

namespace StandingsManager.Tests.Sync;

public sealed class SyncHealthTests
{
    private sealed class Rig : IAsyncDisposable
    {
        private Rig(CoreTestDatabase database)
        {
            Database = database;
            Activity = new SyncActivity(Events, database.Time);
            Health = new SyncHealthQueries(database, database.Actors, Activity, database.Options, database.Time);
        }

        public CoreTestDatabase Database { get; }
        public SyncEvents Events { get; } = new(NullLogger<SyncEvents>.Instance);
        public SyncActivity Activity { get; }
        public SyncHealthQueries Health { get; }
        public DateTimeOffset Now => Database.Time.GetUtcNow();

        public static async Task<Rig> CreateAsync()
        {
            var rig = new Rig(await CoreTestDatabase.CreateAsync());
            await rig.Activity.StartAsync(Ct);
            return rig;
        }

        public async Task SyncedAsync(int accountId, long characterId, SyncStatus status, DateTimeOffset? lastSuccessAt, bool enabled = true)
        {
            await using var db = Database.CreateDbContext();
            db.SyncedCharacters.Add(new SyncedCharacter
            {
                CharacterId = characterId,
                AccountId = accountId,
                Enabled = enabled,
                Status = status,
                CreatedAt = Now.AddDays(-7),
                LastSuccessAt = lastSuccessAt,
            });
            await db.SaveChangesAsync(Ct);
        }

        public async ValueTask DisposeAsync()
        {
            Activity.Dispose();
            await Database.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_member_is_refused()
    {
        await using var rig = await Rig.CreateAsync();
        var cast = await rig.Database.SeedCastAsync();

        var refused = await Assert.ThrowsAsync<WorkflowException>(() => rig.Health.GetAsync(cast.Alice, Ct));

        Assert.Equal(WorkflowError.Forbidden, refused.Error);
    }

    [Fact]
    public async Task Approvers_and_administrators_see_the_same_counts()
    {
        await using var rig = await Rig.CreateAsync();
        var cast = await rig.Database.SeedCastAsync();
        await rig.SyncedAsync(cast.Alice, Cast.AliceMain, SyncStatus.Ok, rig.Now.AddMinutes(-1));

        var approver = await rig.Health.GetAsync(cast.Carol, Ct);
        var administrator = await rig.Health.GetAsync(cast.Frank, Ct);
        var configuredAdministrator = await rig.Health.GetAsync(cast.Erin, Ct);

        Assert.Equal(1, approver.Ok);
        Assert.Equal(approver, administrator);
        Assert.Equal(approver, configuredAdministrator);
    }

    [Fact]
    public async Task Stale_is_measured_from_the_last_success_against_the_sync_timeout()
    {
        await using var rig = await Rig.CreateAsync();
        var cast = await rig.Database.SeedCastAsync();
        var timeout = TimeSpan.FromMinutes(rig.Database.Options.Value.SyncTimeoutMinutes);
        await rig.SyncedAsync(cast.Alice, Cast.AliceMain, SyncStatus.Ok, rig.Now - timeout + TimeSpan.FromMinutes(1));
        await rig.SyncedAsync(cast.Alice, Cast.AliceAlt, SyncStatus.Warning, rig.Now - timeout - TimeSpan.FromMinutes(1));

        var before = await rig.Health.GetAsync(cast.Carol, Ct);
        rig.Database.Time.Advance(TimeSpan.FromMinutes(2));
        var after = await rig.Health.GetAsync(cast.Carol, Ct);

        Assert.Equal((1, 0, 1), (before.Ok, before.Warning, before.Stale));
        Assert.Equal((0, 0, 2), (after.Ok, after.Warning, after.Stale));
    }

    [Fact]
    public async Task Running_follows_started_and_finished()
    {
        await using var rig = await Rig.CreateAsync();
        var cast = await rig.Database.SeedCastAsync();

        await rig.Events.PublishAsync(new SyncEvent(SyncEventKind.Started, Cast.AliceMain, cast.Alice, SyncStatus.Pending));
        await rig.Events.PublishAsync(new SyncEvent(SyncEventKind.Started, Cast.AliceAlt, cast.Alice, SyncStatus.Pending));
        await rig.Events.PublishAsync(new SyncEvent(SyncEventKind.Finished, Cast.AliceMain, cast.Alice, SyncStatus.Ok));

        Assert.Equal(1, (await rig.Health.GetAsync(cast.Carol, Ct)).Running);
        Assert.True(rig.Activity.IsRunning(Cast.AliceAlt));
        Assert.False(rig.Activity.IsRunning(Cast.AliceMain));
    }

    [Fact]
    public async Task A_sync_silent_for_longer_than_a_lease_no_longer_counts_as_running()
    {
        await using var rig = await Rig.CreateAsync();
        var cast = await rig.Database.SeedCastAsync();
        await rig.Events.PublishAsync(new SyncEvent(SyncEventKind.Started, Cast.AliceMain, cast.Alice, SyncStatus.Pending));

        rig.Database.Time.Advance(SyncLeases.Duration - TimeSpan.FromSeconds(1));
        Assert.Single(rig.Activity.Running);
        rig.Database.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Empty(rig.Activity.Running);
    }

    [Fact]
    public async Task Going_out_counts_characters_synced_since_the_last_list_change_including_removals()
    {
        await using var rig = await Rig.CreateAsync();
        var cast = await rig.Database.SeedCastAsync();
        await rig.SyncedAsync(cast.Alice, Cast.AliceMain, SyncStatus.Ok, rig.Now.AddMinutes(-30));
        await rig.SyncedAsync(cast.Alice, Cast.AliceAlt, SyncStatus.Ok, rig.Now.AddMinutes(-5));
        await rig.SyncedAsync(cast.Bob, Cast.BobMain, SyncStatus.Error, null);
        await rig.SyncedAsync(cast.Carol, Cast.CarolMain, SyncStatus.Disabled, rig.Now.AddMinutes(-1), enabled: false);

        var untouched = await rig.Health.GetAsync(cast.Carol, Ct);
        var entryId = await rig.Database.Admin.AddAsync(StandingsList.FirstListId, cast.Frank, 99_000_001, EntityType.Alliance, "Friends", 10, null, Ct);
        var afterAdd = await rig.Health.GetAsync(cast.Carol, Ct);
        rig.Database.Time.Advance(TimeSpan.FromMinutes(1));
        await rig.SyncedAsync(cast.Dave, Cast.DaveMain, SyncStatus.Ok, rig.Now);
        // A removal leaves no entry row: only its audit row moves "changed at" on.
        rig.Database.Time.Advance(TimeSpan.FromMinutes(1));
        await rig.Database.Admin.RemoveAsync(cast.Frank, entryId, 0, "no longer friends", Ct);
        var afterRemove = await rig.Health.GetAsync(cast.Carol, Ct);

        Assert.Null(untouched.ListChangedAt);
        Assert.Equal((2, 3), (untouched.UpToDate, untouched.Enabled));
        Assert.Equal(rig.Now.AddMinutes(-2), afterAdd.ListChangedAt);
        Assert.Equal((0, 3), (afterAdd.UpToDate, afterAdd.Enabled));
        Assert.Equal(rig.Now, afterRemove.ListChangedAt);
        Assert.Equal((0, 4), (afterRemove.UpToDate, afterRemove.Enabled));
    }
}
