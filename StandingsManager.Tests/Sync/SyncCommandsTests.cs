using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using StandingsManager.Core;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Sync;
using StandingsManager.Tests.TestSupport;
using static StandingsManager.Tests.TestSupport.CoreTestDatabase;

namespace StandingsManager.Tests.Sync;

/// <summary>The sync pages' Core on real SQLite, with a scripted engine: who may do what, and what each move records.</summary>
public sealed class SyncCommandsTests
{
    private sealed class Rig : IAsyncDisposable
    {
        private readonly ServiceProvider _engineScope;

        private Rig(CoreTestDatabase t, Cast cast, StandingsManager.Core.Operations.RateLimitOptions limits)
        {
            T = t;
            Cast = cast;
            EsiChecks = new EsiCheckLimits(Microsoft.Extensions.Options.Options.Create(limits));
            _engineScope = new ServiceCollection().AddSingleton<ICharacterSync>(Engine).BuildServiceProvider();
            Leases = new SyncLeases(t.Factory, t.Time, NullLogger<SyncLeases>.Instance);
            Queries = new SyncQueries(t.Factory, t.Actors, t.States, t.Options, t.Time);
            Commands = new SyncCommands(t.Factory, t.Actors, t.States, Events, Trigger, Leases, new SyncDueSoon(t.Factory, Events, Trigger, t.Time), _engineScope.GetRequiredService<IServiceScopeFactory>(),
                EsiChecks, t.Time,
                NullLogger<SyncCommands>.Instance);
            Events.Subscribe(e =>
            {
                lock (Published)
                    Published.Add(e);
                return Task.CompletedTask;
            });
        }

        public CoreTestDatabase T { get; }
        public Cast Cast { get; }
        public ScriptedCharacterSync Engine { get; } = new();
        public SyncEvents Events { get; } = new(NullLogger<SyncEvents>.Instance);
        public SyncTrigger Trigger { get; } = new();
        public SyncLeases Leases { get; }
        public SyncQueries Queries { get; }
        public SyncCommands Commands { get; }
        public EsiCheckLimits EsiChecks { get; }
        public List<SyncEvent> Published { get; } = [];

        public static async Task<Rig> CreateAsync(StandingsManager.Core.Operations.RateLimitOptions? limits = null)
        {
            var t = await CoreTestDatabase.CreateAsync(o => o.SyncTimeoutMinutes = 180);
            var cast = await t.SeedCastAsync();
            await using var db = t.CreateDbContext();
            foreach (var id in new[] { Cast.AliceMain, Cast.AliceAlt, Cast.BobMain })
                await db.GrantAsync(id, Start);
            return new Rig(t, cast, limits ?? new());
        }

        public async Task EnrolAsync(long characterId, int accountId, SyncStatus status = SyncStatus.Ok, bool enabled = true, DateTimeOffset? createdAt = null,
            DateTimeOffset? lastSuccessAt = null)
        {
            await using var db = T.CreateDbContext();
            await db.EnrolAsync(characterId, accountId, createdAt ?? Start, status, enabled, lastSuccessAt);
        }

        public async Task<SyncedCharacter?> SyncedAsync(long characterId)
        {
            await using var db = T.CreateDbContext();
            return await db.SyncedCharacters.AsNoTracking().SingleOrDefaultAsync(s => s.CharacterId == characterId, Ct);
        }

        /// <summary>True when something woke the scheduler since the last look.</summary>
        public Task<bool> WokenAsync() => Trigger.WaitAsync(TimeSpan.Zero, T.Time, Ct);

        public async ValueTask DisposeAsync()
        {
            await _engineScope.DisposeAsync();
            EsiChecks.Dispose();
            await T.DisposeAsync();
        }
    }

    private static async Task<WorkflowException> RefusedAsync(WorkflowError expected, Func<Task> move)
    {
        var ex = await Assert.ThrowsAsync<WorkflowException>(move);
        Assert.Equal(expected, ex.Error);
        return ex;
    }

    [Fact]
    public async Task Member_adds_an_own_character_which_is_queued_at_once_and_audited()
    {
        await using var rig = await Rig.CreateAsync();

        await rig.Commands.AddAsync(rig.Cast.Alice, Cast.AliceAlt, Ct);

        var synced = await rig.SyncedAsync(Cast.AliceAlt);
        Assert.NotNull(synced);
        Assert.True(synced.Enabled);
        Assert.Equal(SyncStatus.Pending, synced.Status);
        Assert.Equal(rig.Cast.Alice, synced.AccountId);
        Assert.Equal(Start, synced.CreatedAt);
        Assert.Equal(Start, synced.NextSyncAt);
        Assert.Equal([SyncEventKind.Changed, SyncEventKind.Queued], rig.Published.Select(e => e.Kind));
        Assert.All(rig.Published, e => Assert.Equal((Cast.AliceAlt, rig.Cast.Alice), (e.CharacterId, e.AccountId)));
        Assert.True(await rig.WokenAsync());
        await using var db = rig.T.CreateDbContext();
        var audit = await db.Audit.SingleAsync(Ct);
        Assert.Equal((AuditAction.SyncEnabled, "Alice Main", "Alice Alt"), (audit.Action, audit.ActorName, audit.SubjectName));
        Assert.Empty(rig.Engine.Calls);
    }

    [Fact]
    public async Task Adding_a_character_without_the_scopes_is_refused_and_names_them()
    {
        await using var rig = await Rig.CreateAsync();
        await using (var db = rig.T.CreateDbContext())
            await db.Tokens.Where(t => t.CharacterId == Cast.AliceAlt).ExecuteUpdateAsync(u => u.SetProperty(t => t.Scopes, "esi-characters.read_contacts.v1"), Ct);

        var ex = await RefusedAsync(WorkflowError.Invalid, () => rig.Commands.AddAsync(rig.Cast.Alice, Cast.AliceAlt, Ct));

        Assert.Contains("esi-characters.write_contacts.v1", ex.Message, StringComparison.Ordinal);
        Assert.Null(await rig.SyncedAsync(Cast.AliceAlt));
        var row = (await rig.Queries.MyCharactersAsync(rig.Cast.Alice, Ct)).Characters.Single(c => c.CharacterId == Cast.AliceAlt);
        Assert.False(row.Granted);
        Assert.Equal(["esi-characters.write_contacts.v1"], row.MissingScopes);
        Assert.Contains("EVE SSO", row.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_cannot_act_on_someone_elses_character()
    {
        await using var rig = await Rig.CreateAsync();
        await rig.EnrolAsync(Cast.AliceAlt, rig.Cast.Alice);
        var bob = rig.Cast.Bob;

        await RefusedAsync(WorkflowError.Forbidden, () => rig.Commands.AddAsync(bob, Cast.AliceMain, Ct));
        await RefusedAsync(WorkflowError.Forbidden, () => rig.Commands.SyncNowAsync(bob, Cast.AliceAlt, Ct));
        await RefusedAsync(WorkflowError.Forbidden, () => rig.Commands.PreviewAsync(bob, Cast.AliceAlt, Ct));
        await RefusedAsync(WorkflowError.Forbidden, () => rig.Commands.RemoveAsync(bob, Cast.AliceAlt, deleteContacts: true, Ct));
        await RefusedAsync(WorkflowError.Forbidden, () => rig.Queries.HistoryAsync(bob, Cast.AliceAlt, Ct));

        Assert.DoesNotContain((await rig.Queries.MyCharactersAsync(bob, Ct)).Characters, c => c.CharacterId is Cast.AliceMain or Cast.AliceAlt);
        Assert.Null(await rig.SyncedAsync(Cast.AliceMain));
        var untouched = await rig.SyncedAsync(Cast.AliceAlt);
        Assert.NotNull(untouched);
        Assert.Null(untouched.LastManualSyncAt);
        Assert.Empty(rig.Engine.Calls);
        Assert.Empty(rig.Published);
    }

    [Fact]
    public async Task Members_approvers_and_auditors_cannot_use_the_administrators_methods()
    {
        await using var rig = await Rig.CreateAsync();
        await rig.EnrolAsync(Cast.AliceAlt, rig.Cast.Alice);
        await rig.EnrolAsync(Cast.BobMain, rig.Cast.Bob, enabled: false);

        foreach (var who in new[] { rig.Cast.Alice, rig.Cast.Carol, rig.Cast.Gina })
        {
            await RefusedAsync(WorkflowError.Forbidden, () => rig.Queries.SyncedCharactersAsync(who, null, null, 0, 25, Ct));
            await RefusedAsync(WorkflowError.Forbidden, () => rig.Commands.ForceSyncAsync(who, [Cast.AliceAlt], Ct));
            await RefusedAsync(WorkflowError.Forbidden, () => rig.Commands.ForceSyncAllAsync(who, Ct));
            await RefusedAsync(WorkflowError.Forbidden, () => rig.Commands.ValidateAsync(who, Cast.AliceAlt, Ct));
            await RefusedAsync(WorkflowError.Forbidden, () => rig.Commands.DisableAsync(who, Cast.AliceAlt, "because", Ct));
            await RefusedAsync(WorkflowError.Forbidden, () => rig.Commands.EnableAsync(who, Cast.BobMain, Ct));
            await RefusedAsync(WorkflowError.Forbidden, () => rig.Queries.HistoryAsync(who, Cast.BobMain, Ct));
        }

        Assert.True((await rig.SyncedAsync(Cast.AliceAlt))!.Enabled);
        Assert.False((await rig.SyncedAsync(Cast.BobMain))!.Enabled);
        Assert.Equal(Start.AddMinutes(30), (await rig.SyncedAsync(Cast.AliceAlt))!.NextSyncAt);
        Assert.Empty(rig.Engine.Calls);
        Assert.Empty(rig.Published);
    }

    [Fact]
    public async Task Sync_now_queues_the_character_at_most_once_a_minute()
    {
        await using var rig = await Rig.CreateAsync();
        await rig.EnrolAsync(Cast.AliceAlt, rig.Cast.Alice);

        await rig.Commands.SyncNowAsync(rig.Cast.Alice, Cast.AliceAlt, Ct);
        Assert.True(await rig.WokenAsync());
        rig.T.Time.Advance(TimeSpan.FromSeconds(59));
        var ex = await RefusedAsync(WorkflowError.Conflict, () => rig.Commands.SyncNowAsync(rig.Cast.Alice, Cast.AliceAlt, Ct));
        rig.T.Time.Advance(TimeSpan.FromSeconds(1));
        await rig.Commands.SyncNowAsync(rig.Cast.Alice, Cast.AliceAlt, Ct);

        Assert.Equal("You can sync this character again at 12:01:00 EVE time.", ex.Message);
        var synced = await rig.SyncedAsync(Cast.AliceAlt);
        Assert.Equal(Start.AddMinutes(1), synced!.LastManualSyncAt);
        Assert.Equal(Start.AddMinutes(1), synced.NextSyncAt);
        Assert.Equal([SyncEventKind.Queued, SyncEventKind.Queued], rig.Published.Select(e => e.Kind));
    }

    [Fact]
    public async Task Removing_with_the_contacts_runs_unsync_under_the_lease_then_forgets_the_character()
    {
        await using var rig = await Rig.CreateAsync();
        await rig.EnrolAsync(Cast.AliceAlt, rig.Cast.Alice);
        await using (var db = rig.T.CreateDbContext())
        {
            await db.AddRunAsync(Cast.AliceAlt, Start.AddHours(-1), added: 3);
            db.ManagedContacts.Add(new ManagedContact { CharacterId = Cast.AliceAlt, ContactId = 99_000_001, Standing = 5, WrittenAt = Start });
            await db.SaveChangesAsync(Ct);
        }
        var leaseHeld = false;
        rig.Engine.Reply = (id, mode) =>
        {
            using var db = rig.T.CreateDbContext();
            leaseHeld = db.SyncedCharacters.Single(s => s.CharacterId == id).LeaseOwner == rig.Leases.Owner;
            return ScriptedCharacterSync.Report(id, mode, changes: ScriptedCharacterSync.Change(SyncChangeKind.Remove, 99_000_001, "Blue Alliance"));
        };

        await rig.Commands.RemoveAsync(rig.Cast.Alice, Cast.AliceAlt, deleteContacts: true, Ct);

        Assert.Equal([(Cast.AliceAlt, SyncMode.Unsync)], rig.Engine.Calls);
        Assert.True(leaseHeld);
        Assert.Null(await rig.SyncedAsync(Cast.AliceAlt));
        await using var after = rig.T.CreateDbContext();
        Assert.False(await after.ManagedContacts.AnyAsync(Ct));
        Assert.False(await after.SyncRuns.AnyAsync(Ct));
        var audit = await after.Audit.SingleAsync(Ct);
        Assert.Equal(AuditAction.SyncRemoved, audit.Action);
        Assert.Contains("1 removed", audit.Details, StringComparison.Ordinal);
        Assert.Equal(SyncEventKind.Changed, Assert.Single(rig.Published).Kind);
    }

    [Fact]
    public async Task Removing_and_keeping_the_contacts_does_not_run_the_engine()
    {
        await using var rig = await Rig.CreateAsync();
        await rig.EnrolAsync(Cast.AliceAlt, rig.Cast.Alice);

        await rig.Commands.RemoveAsync(rig.Cast.Alice, Cast.AliceAlt, deleteContacts: false, Ct);

        Assert.Empty(rig.Engine.Calls);
        Assert.Null(await rig.SyncedAsync(Cast.AliceAlt));
    }

    [Fact]
    public async Task A_failed_unsync_keeps_the_character_in_sync_and_gives_the_lease_back()
    {
        await using var rig = await Rig.CreateAsync();
        await rig.EnrolAsync(Cast.AliceAlt, rig.Cast.Alice);
        rig.Engine.Reply = (id, mode) => ScriptedCharacterSync.Report(id, mode, SyncStatus.Error, "EVE did not answer.");

        var ex = await RefusedAsync(WorkflowError.Invalid, () => rig.Commands.RemoveAsync(rig.Cast.Alice, Cast.AliceAlt, deleteContacts: true, Ct));
        rig.Engine.Reply = null;
        rig.Engine.Failure = new HttpRequestException("Connection refused");
        var thrown = await RefusedAsync(WorkflowError.Invalid, () => rig.Commands.RemoveAsync(rig.Cast.Alice, Cast.AliceAlt, deleteContacts: true, Ct));

        Assert.Contains("EVE did not answer.", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Connection refused", thrown.Message, StringComparison.Ordinal);
        var synced = await rig.SyncedAsync(Cast.AliceAlt);
        Assert.NotNull(synced);
        Assert.Null(synced.LeaseOwner);
        Assert.Empty(rig.Published);
    }

    [Fact]
    public async Task Removing_waits_for_a_sync_another_instance_is_running()
    {
        await using var rig = await Rig.CreateAsync();
        await rig.EnrolAsync(Cast.AliceAlt, rig.Cast.Alice);
        var otherInstance = new SyncLeases(rig.T.Factory, rig.T.Time, NullLogger<SyncLeases>.Instance);
        Assert.True(await otherInstance.TryClaimAsync(Cast.AliceAlt, Ct));

        await RefusedAsync(WorkflowError.Conflict, () => rig.Commands.RemoveAsync(rig.Cast.Alice, Cast.AliceAlt, deleteContacts: false, Ct));

        Assert.NotNull(await rig.SyncedAsync(Cast.AliceAlt));
    }

    [Fact]
    public async Task Preview_is_a_dry_run_of_an_own_enrolled_character()
    {
        await using var rig = await Rig.CreateAsync();
        await RefusedAsync(WorkflowError.NotFound, () => rig.Commands.PreviewAsync(rig.Cast.Alice, Cast.AliceAlt, Ct));
        await rig.EnrolAsync(Cast.AliceAlt, rig.Cast.Alice);
        rig.Engine.Reply = (id, mode) => ScriptedCharacterSync.Report(id, mode, changes: ScriptedCharacterSync.Change(SyncChangeKind.Add, 99_000_001, "Blue Alliance", to: 10));

        var report = await rig.Commands.PreviewAsync(rig.Cast.Alice, Cast.AliceAlt, Ct);

        Assert.Equal([(Cast.AliceAlt, SyncMode.DryRun)], rig.Engine.Calls);
        Assert.Equal("Blue Alliance", Assert.Single(report.Changes).Name);
    }

    [Fact]
    public async Task Preview_past_the_accounts_limit_says_when_to_try_again_and_calls_no_ESI()
    {
        // Two checks an hour: nothing refills while the test runs.
        await using var rig = await Rig.CreateAsync(new() { EsiChecks = 2, Window = TimeSpan.FromHours(1) });
        await rig.EnrolAsync(Cast.AliceAlt, rig.Cast.Alice);
        await rig.EnrolAsync(Cast.BobMain, rig.Cast.Bob);
        await rig.Commands.PreviewAsync(rig.Cast.Alice, Cast.AliceAlt, Ct);
        await rig.Commands.PreviewAsync(rig.Cast.Alice, Cast.AliceAlt, Ct);

        var refusal = await RefusedAsync(WorkflowError.Invalid, () => rig.Commands.PreviewAsync(rig.Cast.Alice, Cast.AliceAlt, Ct));
        await rig.Commands.PreviewAsync(rig.Cast.Bob, Cast.BobMain, Ct); // the limit is per account

        Assert.Matches(@"^Too many ESI checks in a short time: try again in \d+ s\.$", refusal.Message);
        // The engine is what calls ESI: the refused preview never reached it.
        Assert.Equal([(Cast.AliceAlt, SyncMode.DryRun), (Cast.AliceAlt, SyncMode.DryRun), (Cast.BobMain, SyncMode.DryRun)], rig.Engine.Calls);
    }

    [Fact]
    public async Task Administrator_disables_with_a_reason_the_owner_is_told_and_cannot_undo()
    {
        await using var rig = await Rig.CreateAsync();
        await rig.EnrolAsync(Cast.AliceAlt, rig.Cast.Alice);

        await RefusedAsync(WorkflowError.Invalid, () => rig.Commands.DisableAsync(rig.Cast.Frank, Cast.AliceAlt, "  ", Ct));
        await rig.Commands.DisableAsync(rig.Cast.Frank, Cast.AliceAlt, "Spy alt", Ct);
        var disabled = await rig.SyncedAsync(Cast.AliceAlt);
        var refusal = await RefusedAsync(WorkflowError.Forbidden, () => rig.Commands.AddAsync(rig.Cast.Alice, Cast.AliceAlt, Ct));
        await rig.Commands.RemoveAsync(rig.Cast.Alice, Cast.AliceAlt, deleteContacts: false, Ct);
        await RefusedAsync(WorkflowError.Forbidden, () => rig.Commands.AddAsync(rig.Cast.Alice, Cast.AliceAlt, Ct));

        Assert.False(disabled!.Enabled);
        Assert.Equal(SyncStatus.Disabled, disabled.Status);
        Assert.Null(disabled.NextSyncAt);
        Assert.Contains("Spy alt", disabled.StatusMessage, StringComparison.Ordinal);
        Assert.Contains("Spy alt", refusal.Message, StringComparison.Ordinal);
        await using var db = rig.T.CreateDbContext();
        var notice = await db.Notifications.SingleAsync(n => n.AccountId == rig.Cast.Alice, Ct);
        Assert.Contains("Alice Alt", notice.Title, StringComparison.Ordinal);
        Assert.Contains("Spy alt", notice.Body, StringComparison.Ordinal);
        var audit = await db.Audit.SingleAsync(a => a.Action == AuditAction.SyncDisabled, Ct);
        Assert.Equal(("Frank Admin", "Spy alt"), (audit.ActorName, audit.Details));
    }

    [Fact]
    public async Task Administrator_enables_again_and_the_owner_may_then_add_it_back()
    {
        await using var rig = await Rig.CreateAsync();
        await rig.EnrolAsync(Cast.AliceAlt, rig.Cast.Alice);
        await rig.Commands.DisableAsync(rig.Cast.Frank, Cast.AliceAlt, "Checking", Ct);
        rig.T.Time.Advance(TimeSpan.FromHours(5));

        await rig.Commands.EnableAsync(rig.Cast.Erin, Cast.AliceAlt, Ct);
        var enabled = await rig.SyncedAsync(Cast.AliceAlt);
        await RefusedAsync(WorkflowError.Conflict, () => rig.Commands.AddAsync(rig.Cast.Alice, Cast.AliceAlt, Ct));

        Assert.True(enabled!.Enabled);
        Assert.Equal(SyncStatus.Pending, enabled.Status);
        Assert.Null(enabled.StatusMessage);
        Assert.Equal(rig.T.Time.GetUtcNow(), enabled.NextSyncAt);
        // Counted from being switched on again, not stale at once.
        var row = (await rig.Queries.MyCharactersAsync(rig.Cast.Alice, Ct)).Characters.Single(c => c.CharacterId == Cast.AliceAlt);
        Assert.False(row.Sync!.Stale);
        Assert.Equal(SyncHealth.Pending, row.Sync.Health);
        Assert.True(await rig.WokenAsync());
    }

    [Fact]
    public async Task Force_sync_makes_enabled_characters_due_now_without_the_minute_limit()
    {
        await using var rig = await Rig.CreateAsync();
        await rig.EnrolAsync(Cast.AliceMain, rig.Cast.Alice);
        await rig.EnrolAsync(Cast.AliceAlt, rig.Cast.Alice);
        await rig.EnrolAsync(Cast.BobMain, rig.Cast.Bob, enabled: false);

        Assert.Equal(1, await rig.Commands.ForceSyncAsync(rig.Cast.Frank, [Cast.AliceAlt, Cast.BobMain], Ct));
        Assert.Equal(1, await rig.Commands.ForceSyncAsync(rig.Cast.Frank, [Cast.AliceAlt], Ct));
        Assert.Equal(2, await rig.Commands.ForceSyncAllAsync(rig.Cast.Erin, Ct));

        Assert.Equal(Start, (await rig.SyncedAsync(Cast.AliceMain))!.NextSyncAt);
        Assert.Equal(Start, (await rig.SyncedAsync(Cast.AliceAlt))!.NextSyncAt);
        Assert.Null((await rig.SyncedAsync(Cast.BobMain))!.NextSyncAt);
        Assert.All(rig.Published, e => Assert.Equal(SyncEventKind.Queued, e.Kind));
        Assert.Equal(4, rig.Published.Count);
        Assert.True(await rig.WokenAsync());
    }

    [Fact]
    public async Task Validate_is_a_dry_run_of_any_character_for_an_administrator()
    {
        await using var rig = await Rig.CreateAsync();
        await rig.EnrolAsync(Cast.BobMain, rig.Cast.Bob);

        var report = await rig.Commands.ValidateAsync(rig.Cast.Frank, Cast.BobMain, Ct);

        Assert.Equal(SyncMode.DryRun, report.Mode);
        Assert.Equal([(Cast.BobMain, SyncMode.DryRun)], rig.Engine.Calls);
        Assert.Equal(SyncEventKind.Changed, Assert.Single(rig.Published).Kind);
    }

    [Fact]
    public async Task The_administrators_list_filters_by_health_searches_and_pages()
    {
        await using var rig = await Rig.CreateAsync();
        var now = Start;
        await rig.EnrolAsync(Cast.AliceMain, rig.Cast.Alice, SyncStatus.Ok, lastSuccessAt: now.AddMinutes(-10));
        await rig.EnrolAsync(Cast.AliceAlt, rig.Cast.Alice, SyncStatus.Error, createdAt: now.AddDays(-2), lastSuccessAt: now.AddDays(-1));
        await rig.EnrolAsync(Cast.BobMain, rig.Cast.Bob, enabled: false);
        await rig.EnrolAsync(Cast.CarolMain, rig.Cast.Carol, SyncStatus.Pending);
        await rig.EnrolAsync(Cast.DaveMain, rig.Cast.Dave, SyncStatus.Warning, lastSuccessAt: now.AddMinutes(-5));
        await using (var db = rig.T.CreateDbContext())
        {
            await db.AddRunAsync(Cast.AliceMain, now.AddMinutes(-70), added: 1);
            await db.AddRunAsync(Cast.AliceMain, now.AddMinutes(-10), added: 4, updated: 2, removed: 1);
            await db.AddRunAsync(Cast.AliceMain, now.AddMinutes(-5), added: 9, dryRun: true);
        }

        async Task<string[]> NamesAsync(SyncHealth? filter, string? search = null, int skip = 0, int take = 25) =>
            [.. (await rig.Queries.SyncedCharactersAsync(rig.Cast.Frank, filter, search, skip, take, Ct)).Items.Select(r => r.Name)];

        Assert.Equal(["Alice Alt", "Alice Main", "Bob Main", "Carol Approver", "Dave Approver"], await NamesAsync(null));
        Assert.Equal(["Alice Main"], await NamesAsync(SyncHealth.Ok));
        Assert.Equal(["Alice Alt"], await NamesAsync(SyncHealth.Error));
        Assert.Equal(["Alice Alt"], await NamesAsync(SyncHealth.Stale));
        Assert.Equal(["Bob Main"], await NamesAsync(SyncHealth.Disabled));
        Assert.Equal(["Carol Approver"], await NamesAsync(SyncHealth.Pending));
        Assert.Equal(["Dave Approver"], await NamesAsync(SyncHealth.Warning));
        Assert.Equal(["Alice Alt", "Alice Main"], await NamesAsync(null, "alice"));
        Assert.Equal(["Bob Main"], await NamesAsync(null, Cast.BobMain.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var page = await rig.Queries.SyncedCharactersAsync(rig.Cast.Erin, null, null, 2, 2, Ct);
        Assert.Equal(5, page.Total);
        Assert.Equal(["Bob Main", "Carol Approver"], page.Items.Select(r => r.Name));

        var aliceMain = (await rig.Queries.SyncedCharactersAsync(rig.Cast.Frank, SyncHealth.Ok, null, 0, 25, Ct)).Items.Single();
        Assert.Equal("Alice Main", aliceMain.OwnerName);
        Assert.Equal((4, 2, 1), (aliceMain.Sync.LastRun!.Added, aliceMain.Sync.LastRun.Updated, aliceMain.Sync.LastRun.Removed));
        var aliceAlt = (await rig.Queries.SyncedCharactersAsync(rig.Cast.Frank, SyncHealth.Error, null, 0, 25, Ct)).Items.Single();
        Assert.True(aliceAlt.Sync.Stale);
        Assert.Equal(SyncHealth.Error, aliceAlt.Sync.Health);
    }

    [Fact]
    public async Task History_lists_the_last_hundred_runs_newest_first()
    {
        await using var rig = await Rig.CreateAsync();
        await rig.EnrolAsync(Cast.AliceAlt, rig.Cast.Alice);
        await using (var db = rig.T.CreateDbContext())
        {
            for (var i = 0; i < 105; i++)
                await db.AddRunAsync(Cast.AliceAlt, Start.AddMinutes(-i), added: i);
        }

        var mine = await rig.Queries.HistoryAsync(rig.Cast.Alice, Cast.AliceAlt, Ct);
        var admins = await rig.Queries.HistoryAsync(rig.Cast.Frank, Cast.AliceAlt, Ct);

        Assert.Equal(100, mine.Count);
        Assert.Equal(0, mine[0].Added);
        Assert.Equal(99, mine[^1].Added);
        Assert.Equal(mine, admins);
    }
}
