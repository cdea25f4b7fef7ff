using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using StandingsManager.Core;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Requests;
using StandingsManager.Core.Revocations;
using StandingsManager.Core.Sync;
using StandingsManager.Tests.TestSupport;
using static StandingsManager.Tests.TestSupport.CoreTestDatabase;

namespace StandingsManager.Tests.Accounts;

public sealed class AccountDeactivationTests
{
    private const long Standing = Cast.AliceAlt;

    private static AccountDeactivation Deactivation(CoreTestDatabase database) =>
        new(database.Factory, database.Actors, new RoleChanges(NullLogger<RoleChanges>.Instance), database.Options, database.Time);

    [Fact]
    public async Task Deactivating_ends_sessions_stops_syncs_files_revocations_and_is_audited()
    {
        await using var database = await CreateAsync();
        var cast = await database.SeedCastAsync();
        await database.GrantViaRequestAsync(cast, Standing);
        var sessions = new AccountSessions(database.Factory, new RoleChanges(NullLogger<RoleChanges>.Instance), database.Time);
        var session = await sessions.StartAsync(cast.Alice, TimeSpan.FromDays(7), Ct);
        await using (var db = database.CreateDbContext())
            await db.EnrolAsync(Cast.AliceMain, cast.Alice, Start);

        await Deactivation(database).DeactivateAsync(cast.Frank, cast.Alice, "Joined a hostile alliance", Ct);

        await using var after = database.CreateDbContext();
        Assert.False(await sessions.IsActiveAsync(session, cast.Alice, Ct));
        var account = await after.Accounts.SingleAsync(a => a.Id == cast.Alice, Ct);
        Assert.Equal((false, (DateTimeOffset?)Start, "Joined a hostile alliance"), (account.IsActive, account.DeactivatedAt, account.DeactivationReason));
        var synced = await after.SyncedCharacters.SingleAsync(s => s.CharacterId == Cast.AliceMain, Ct);
        Assert.Equal((false, SyncStatus.Disabled), (synced.Enabled, synced.Status));
        var revocation = await after.Revocations.SingleAsync(r => r.EntityId == Standing, Ct);
        Assert.Equal((RevocationSource.System, SystemRevocationReason.AccountDeactivated, RequestStatus.Pending), (revocation.Source, revocation.SystemReason, revocation.Status));
        var audit = await after.Audit.SingleAsync(a => a.Action == AuditAction.AccountDeactivated, Ct);
        Assert.Equal(("Frank Admin", "Alice Main", "Joined a hostile alliance"), (audit.ActorName, audit.SubjectName, audit.Details));
        await Assert.ThrowsAsync<WorkflowException>(() => database.Actors.LoadAsync(after, cast.Alice, Ct));
    }

    [Fact]
    public async Task Deactivating_and_reactivating_announce_a_role_change_so_open_pages_and_hub_connections_follow_at_once()
    {
        await using var database = await CreateAsync();
        var cast = await database.SeedCastAsync();
        // The app's open pages (RevalidatingAuthStateProvider) and hub connections (SyncHubGuard) listen to this one notifier.
        var roleChanges = database.Get<RoleChanges>();
        var heard = new List<int>();
        using var subscription = roleChanges.Subscribe(change =>
        {
            heard.Add(change.AccountId);
            return Task.CompletedTask;
        });
        var deactivation = database.Get<AccountDeactivation>();
        var before = roleChanges.Version;

        await deactivation.DeactivateAsync(cast.Frank, cast.Alice, "Suspicious", Ct);
        Assert.Equal([cast.Alice], heard);
        Assert.Equal(before + 1, roleChanges.Version);

        await deactivation.ReactivateAsync(cast.Frank, cast.Alice, "Cleared", Ct);
        Assert.Equal([cast.Alice, cast.Alice], heard);
        Assert.Equal(before + 2, roleChanges.Version);
    }

    [Fact]
    public async Task Reactivating_restores_the_account_and_the_syncs_deactivation_stopped_but_not_the_revocations()
    {
        await using var database = await CreateAsync();
        var cast = await database.SeedCastAsync();
        await database.GrantViaRequestAsync(cast, Standing);
        await using (var db = database.CreateDbContext())
        {
            await db.EnrolAsync(Cast.AliceMain, cast.Alice, Start);
            await db.EnrolAsync(Cast.AliceAlt, cast.Alice, Start, enabled: false, message: "Stopped by its owner.");
        }
        var deactivation = Deactivation(database);
        await deactivation.DeactivateAsync(cast.Frank, cast.Alice, "Suspicious", Ct);

        await deactivation.ReactivateAsync(cast.Frank, cast.Alice, "Cleared", Ct);

        await using var after = database.CreateDbContext();
        Assert.Equal(Role.Member, Assert.Single((await database.Actors.LoadAsync(after, cast.Alice, Ct)).Roles));
        Assert.True((await after.SyncedCharacters.SingleAsync(s => s.CharacterId == Cast.AliceMain, Ct)).Enabled);
        Assert.False((await after.SyncedCharacters.SingleAsync(s => s.CharacterId == Cast.AliceAlt, Ct)).Enabled);
        Assert.Equal(RequestStatus.Pending, (await after.Revocations.SingleAsync(r => r.EntityId == Standing, Ct)).Status);
        Assert.True(await after.Audit.AnyAsync(a => a.Action == AuditAction.AccountReactivated && a.Details == "Cleared", Ct));
    }

    [Fact]
    public async Task A_settings_administrator_oneself_and_non_administrators_are_refused_and_nothing_changes()
    {
        await using var database = await CreateAsync();
        var cast = await database.SeedCastAsync(); // Erin by the settings, Frank by a grant
        var deactivation = Deactivation(database);

        var settings = await Assert.ThrowsAsync<WorkflowException>(() => deactivation.DeactivateAsync(cast.Frank, cast.Erin, "Bye", Ct));
        var self = await Assert.ThrowsAsync<WorkflowException>(() => deactivation.DeactivateAsync(cast.Frank, cast.Frank, "Bye", Ct));
        var approver = await Assert.ThrowsAsync<WorkflowException>(() => deactivation.DeactivateAsync(cast.Carol, cast.Alice, "Bye", Ct));
        var noReason = await Assert.ThrowsAsync<WorkflowException>(() => deactivation.DeactivateAsync(cast.Frank, cast.Alice, " ", Ct));

        Assert.Equal("Erin Admin is an administrator by the settings (Standings:Administrators); only the operator can change that, in the settings.", settings.Message);
        Assert.Equal("You cannot deactivate your own account.", self.Message);
        Assert.Equal(WorkflowError.Forbidden, approver.Error);
        Assert.Equal(WorkflowError.Invalid, noReason.Error);
        await using var db = database.CreateDbContext();
        Assert.True(await db.Accounts.AllAsync(a => a.IsActive, Ct));
        Assert.False(await db.Audit.AnyAsync(a => a.Action == AuditAction.AccountDeactivated, Ct));
    }
}
